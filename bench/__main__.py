"""`python -m bench` (or `make bench`): run every benchmark and print its ratio."""

from bench import startup

if __name__ == "__main__":
    startup.main()
