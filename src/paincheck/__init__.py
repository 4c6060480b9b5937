"""paincheck: prepare a conversation with a pain specialist about DRG stimulation."""

__version__ = "0.1.0"
