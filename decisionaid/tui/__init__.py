"""The Textual interface. It asks the engine for every decision and decides nothing itself."""
