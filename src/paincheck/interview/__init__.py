"""The interview in the terminal: `walk.py` goes through the questions, `prompts.py` and
`panel.py` draw them (the only modules that import questionary), `asking.py` asks full
screen or line by line, `saving.py` and `closing.py` say where the answers are and what
comes next, and `day.py` asks a diary day."""
