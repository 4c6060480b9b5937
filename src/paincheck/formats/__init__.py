"""Every output format: each renders and never prints (the output sink prints).

`results.py` holds the formats of `summary`, `compare`, `questions` and `diary show`;
`exports.py` those of `export`, `compare -o FILE.pdf` and `diary export`, with the options
of `options.py`; `exporting.py` writes a report per source and returns how each went. They
draw on the words (`report.py`, `compare.py`, `warning_signs.py`), the terminal's
renderables (`summary.py`, `listing.py`, `compare_text.py`, `diary_text.py`), the clinic
table (`table.py`), FHIR (`fhir.py`), the HTML pages (`html.py`, `templates/`) and the PDFs
(`pdf/`).
"""
