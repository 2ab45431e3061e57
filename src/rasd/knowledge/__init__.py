"""rasd's knowledge base: actors, places and word lists as reviewed data files."""
from rasd.knowledge.loader import KnowledgeBase, entry_aliases, load

__all__ = ["KnowledgeBase", "entry_aliases", "load"]
