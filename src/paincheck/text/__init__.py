"""Text shown to a person: `display.py` makes text from files safe to show (and says
"did you mean"), `language.py` chooses a language and holds text in several, `messages/` is
the engine's interface words by language (`en.yaml`, `es.yaml`) and how a message fills in its
{placeholders}."""
