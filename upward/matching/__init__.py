"""Match runs in the app: build the engine's input, persist, review, consult.

The engine itself is `upward.engine` (no Django); importing this package must not load it.
"""
