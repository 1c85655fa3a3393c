"""The local LLM behind one small interface: ``complete_json(messages, schema)``."""
