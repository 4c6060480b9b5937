"""Answers: one pipeline that reads, checks and writes them, for files and the interview.

`checking.py` checks answers (from a file or typed) and writes them; `loading.py` reads an
answers file (YAML, JSON or a FHIR QuestionnaireResponse, through `fhir.py`) into it;
`dates.py` checks the days written in files.
"""
