"""Files, safely: `reading.py` reads YAML and JSON documents, `writing.py` writes private
files atomically, `names.py` says where exported files go."""
