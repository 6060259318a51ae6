"""The v1 models: one module per family of kinds, dispatched on ``kind`` by :mod:`.kinds`."""
