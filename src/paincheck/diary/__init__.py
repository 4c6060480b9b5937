"""The trial diary: `store.py` the diary file (days by date, read and written safely),
`trial.py` what its days add up to (pure)."""
