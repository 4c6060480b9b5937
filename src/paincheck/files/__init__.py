"""Files, safely: `reading.py` reads YAML and JSON documents, `cache.py` keeps a questions
folder's files as parsed, `writing.py` writes private files atomically, `names.py` says where
exported files go."""
