"""The diary's sample file, and one day typed in full (and the answers it gives)."""

from __future__ import annotations

from datetime import date

from tests.helpers import ROOT
from tests.helpers.interview import ENTER

SAMPLE = ROOT / "questions" / "samples" / "trial-diary.yaml"
TODAY = date.today()


FULL_DAY = [  # one string per prompt: 9 questions and the review
    "8 " + ENTER,  # the safety check: none of these
    "4" + ENTER,  # average pain
    "7" + ENTER,  # worst pain
    "50" + ENTER,  # relief: the list offers 0, 10, ... 100; typing 50 picks 50
    "1 3 " + ENTER,  # walk longer, sleep better
    "7" + ENTER,  # hours of sleep
    "1" + ENTER,  # less medicine
    "1" + ENTER,  # comfortable
    "Walked to the shop" + ENTER,
    ENTER,  # the review: save
]


FULL_ANSWERS = {
    "trial_problems": ["none"],
    "pain_average": 4,
    "pain_worst": 7,
    "relief_percent": 50,
    "activities": ["walk_longer", "sleep_better"],
    "sleep_hours": 7,
    "pain_medicine": "less",
    "stimulation_comfort": "comfortable",
    "notes": "Walked to the shop",
}


PLAIN_DAY = ["8", "4", "7", "50", "1,3", "7", "1", "1", "Walked to the shop", "0"]  # "0": save
