"""The aid in a browser (`decisionaid serve`): access.py decides who may use it, server.py
serves the page and starts one walk per browser tab."""
