"""Spanish: every patient-facing text exists in Spanish, reads plainly, and changes no data."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paincheck.answers.checking import Answers
from paincheck.answers.loading import load_answers
from paincheck.errors import PaincheckError
from paincheck.evaluation import evaluate, reason
from paincheck.files.reading import load_document
from paincheck.formats.summary import status_label
from paincheck.questionnaire import MESSAGES_FOLDER, Questionnaire, load_questionnaire
from paincheck.text.language import Text
from tests.helpers import PERSONA_NAMES, PERSONAS
from tests.helpers.views import view_of

QUESTIONS = Path(__file__).resolve().parents[1] / "questions"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Texts that are rightly the same in both languages: a bare citation, or a word Spanish shares.
SAME_IN_BOTH = {
    "questions.pain_locations.choices.pelvis",  # Pelvis
    "questions.pain_out_of_proportion.choices.no",  # No
    "questions.can_use_controller.choices.no",
    "questions.open_to_trial.choices.no",
    "questions.crps_diagnosis.choices.no",
    "scores.phq2.source",  # Kroenke K et al. Med Care. 2003;41(11):1284-1292.
    "scores.gad2.source",
    "approved_use.crps.source",  # FDA PMA P150004 (Axium), 2016.
}
# Small English words that never appear in a Spanish sentence (journal names have none).
ENGLISH_WORDS = {"the", "your", "you", "and", "with", "is", "are", "have", "what", "how", "of"}


def texts_of(questionnaire: Questionnaire) -> Iterator[Text]:
    """Every patient-facing Text: questions, choices, sections and everything in the rules."""
    yield questionnaire.title
    for section in questionnaire.sections:
        yield section.title
        if section.intro is not None:
            yield section.intro
        for question in section.questions:
            yield question.text
            yield question.help
            yield from (choice.label for choice in question.choices)
            yield from (label for _, label in question.anchors)
    rules = questionnaire.rules
    for criterion in (*rules.criteria, *rules.approved_use):
        yield criterion.label
        yield criterion.source
        yield from (rule.text for rule in criterion.rules if rule.text is not None)
    yield from (style.word for style in rules.statuses.values())
    yield from (rule.text for rule in rules.overall if rule.text is not None)
    for caveat in rules.caveats:
        yield from ([caveat.text] if caveat.text else [s.text for s in caveat.sentences])
    for flag in rules.flags.values():
        yield flag.title
        yield flag.message
        yield from flag.advice.values()
        if flag.also_title is not None:
            yield flag.also_title
    for score in rules.scores:
        yield score.label
        yield score.source
        yield from (band.meaning for band in score.bands)
        if score.flag_note is not None:
            yield score.flag_note
    pattern = rules.symptom_pattern
    assert pattern is not None
    yield from (label for _, label in pattern.categories)
    yield from (pattern.pattern_note, pattern.no_pattern_note, pattern.source)
    for precaution in rules.precautions:
        if precaution.text is not None:
            yield precaution.text
        yield from precaution.texts.values()
    assert rules.levels_note is not None and rules.disclaimer is not None
    yield rules.levels_note
    yield from (mapping.source for mapping in rules.levels.values() if mapping.source)
    yield from (item.text for item in rules.doctor_questions if item.text is not None)
    yield rules.disclaimer


def test_the_checklist_declares_spanish(questionnaire: Questionnaire) -> None:
    assert questionnaire.languages == ("en", "es")


def test_every_text_has_a_real_spanish_version(questionnaire: Questionnaire) -> None:
    texts = list(texts_of(questionnaire))
    assert len(texts) > 250  # the walk really covers questions, choices and rules
    problems = []
    for text in texts:
        english, spanish = text.values.get("en", ""), text.values.get("es", "")
        if not spanish.strip():
            problems.append(f"{text.key}: no Spanish text")
            continue
        if spanish == english and text.key not in SAME_IN_BOTH:
            problems.append(f"{text.key}: Spanish is the English text: {english!r}")
        english_words = ENGLISH_WORDS & set(re.findall(r"[a-z]+", spanish.lower()))
        if english_words:
            problems.append(f"{text.key}: English words {sorted(english_words)} in {spanish!r}")
        if sorted(PLACEHOLDER.findall(spanish)) != sorted(PLACEHOLDER.findall(english)):
            problems.append(f"{text.key}: placeholders differ: {english!r} / {spanish!r}")
    assert problems == []


def test_each_repeated_relief_question_names_its_treatment_in_spanish(
    questionnaire: Questionnaire,
) -> None:
    question = questionnaire.question("relief_spinal_cord_stimulation")
    assert question is not None
    assert question.text("es").startswith("Estimulación de la médula espinal")
    assert question.text("es").endswith("¿cuánto alivio duradero le dio?")


def test_medical_terms_come_with_a_plain_gloss(questionnaire: Questionnaire) -> None:
    treatments = questionnaire.question("treatments_tried")
    assert treatments is not None
    labels = {c.id: c.label("es") for c in treatments.choices}
    assert "ganglio de la raíz dorsal" in labels["drg_stimulation"]
    assert "médula espinal" in labels["spinal_cord_stimulation"]
    pattern = questionnaire.rules.symptom_pattern
    assert pattern is not None
    assert "síndrome de dolor regional complejo" in pattern.source("es")


def _copy_questions(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder)
    return folder


def test_a_text_missing_in_spanish_is_reported_with_its_key(tmp_path: Path) -> None:
    folder = _copy_questions(tmp_path)
    spanish = folder / "translations" / "es.yaml"
    lines = spanish.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith("      sleep: ")]
    spanish.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PaincheckError) as caught:
        load_questionnaire(folder)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        f"{spanish}: questions.daily_impacts.choices.sleep: no 'es' text (declared in languages)"
    ]


def test_a_spanish_text_for_nothing_is_reported(tmp_path: Path) -> None:
    folder = _copy_questions(tmp_path)
    spanish = folder / "translations" / "es.yaml"
    text = spanish.read_text(encoding="utf-8")
    spanish.write_text(
        text.replace("      sleep: Dormir", "      sleep: Dormir\n      nap: Siesta")
    )
    with pytest.raises(PaincheckError) as caught:
        load_questionnaire(folder)
    assert [p.question for p in caught.value.problems] == ["questions.daily_impacts.choices.nap"]
    assert "translates nothing" in caught.value.problems[0].message


def test_interface_words_have_the_same_keys_and_placeholders_in_both_languages() -> None:
    english = load_document(MESSAGES_FOLDER / "en.yaml")
    spanish = load_document(MESSAGES_FOLDER / "es.yaml")
    assert isinstance(english, dict) and isinstance(spanish, dict)
    assert sorted(set(english) - set(spanish)) == [], "keys with no Spanish words"
    assert sorted(set(spanish) - set(english)) == [], "Spanish keys English does not have"
    differing = [
        key
        for key in english
        if sorted(PLACEHOLDER.findall(str(english[key])))
        != sorted(PLACEHOLDER.findall(str(spanish[key])))
    ]
    assert differing == []


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_json_summary_is_the_same_in_both_languages(cli, name: str) -> None:
    path = str(PERSONAS / f"{name}.yaml")
    english = cli("summary", path, "--format", "json", "--lang", "en")
    spanish = cli("summary", path, "--format", "json", "--lang", "es")
    assert english.exit_code == spanish.exit_code == 0
    assert spanish.stdout == english.stdout
    assert json.loads(spanish.stdout)["criteria"]["duration"]["reason"].startswith("You ")


def test_an_answers_file_from_a_spanish_session_summarises_the_same_in_english(
    cli, tmp_path: Path
) -> None:
    # A Spanish-speaking patient's file holds the same ids; the English summary reads it as is.
    answers = tmp_path / "respuestas.yaml"
    answers.write_text(
        "# Mis respuestas: ¿Dónde tiene dolor?\n"
        "answers:\n  pain_locations: [foot]\n  pain_duration: over_5_years\n"
        "  pain_onset: surgery\n  open_to_trial: sí\n",
        encoding="utf-8",
    )
    result = cli("summary", str(answers), "--lang", "en")
    assert result.exit_code == 1  # "sí" is a Spanish word, not the choice id "yes"
    assert "open_to_trial" in result.stderr and "yes" in result.stderr
    answers.write_text(answers.read_text(encoding="utf-8").replace("sí", "yes"), encoding="utf-8")
    english = cli("summary", str(answers), "--format", "json", "--lang", "en")
    spanish = cli("summary", str(answers), "--format", "json", "--lang", "es")
    assert english.exit_code == 0 and english.stdout == spanish.stdout


def _english_interface_words() -> list[str]:
    english = load_document(MESSAGES_FOLDER / "en.yaml")
    spanish = load_document(MESSAGES_FOLDER / "es.yaml")
    assert isinstance(english, dict) and isinstance(spanish, dict)
    return [
        str(text)
        for key, text in english.items()
        if "{" not in str(text) and len(str(text)) >= 6 and text != spanish.get(key)
    ]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_spanish_summary_is_in_spanish(cli, name: str) -> None:
    result = cli("summary", str(PERSONAS / f"{name}.yaml"), "--lang", "es")
    assert result.exit_code == 0
    out = result.stdout
    # The whole text is pinned in tests/snapshots/summary/*.es.txt; this catches any English
    # interface words left in it, including words added after the snapshots were reviewed.
    leftover = [words for words in _english_interface_words() if words in out]
    assert leftover == []
    for english in ("Your ", " your ", "Source", "criteria", "Please note", "approval"):
        assert english not in out


def test_spanish_reasons_fill_in_the_answers_with_spanish_labels(
    questionnaire: Questionnaire,
) -> None:
    loaded = load_answers(questionnaire, str(PERSONAS / "foot-after-fracture.yaml"))
    assessment = evaluate(questionnaire, loaded.answers)
    results = (*assessment.criteria, *assessment.approved_use)
    reasons = {r.criterion.id: reason(assessment, r, view_of(assessment, "es")) for r in results}
    assert reasons == {
        "duration": "Usted lleva de 1 a 5 años con este dolor. Eso es seis meses o más.",
        "location": (
            "Su dolor (pie, tobillo) está en la pierna, la cadera o la ingle, como los ejemplos "
            "de la página del fabricante (pie, rodilla, cadera, ingle)."
        ),
        "cause": (
            "Usted dijo que el dolor empezó después de una lesión, como una caída o un hueso roto."
        ),
        "prior_treatment": (
            "Usted probó dos tratamientos o más, y le dieron poco o ningún alivio duradero."
        ),
        "severity": (
            "Su dolor promedio fue 6 de 10. Eso está en el rango que a menudo se llama moderado "
            "(5 a 6)."
        ),
        "adult": (
            "Usted tiene 22 años o más. Para los aparatos médicos, las normas de EE. UU. "
            "consideran pacientes pediátricos (jóvenes) a las personas de 21 años o menos. Así "
            'que "adultos" en la aprobación quiere decir, muy probablemente, de 22 años o más.'
        ),
        "crps": (
            "Usted notó un grupo de cambios que vale la pena comentar. Un especialista puede "
            "examinarle para ver si encaja con el SDRC."
        ),
    }
    # Review N26: "Cumple" reads as "you qualify"; the statuses say how the answers compare.
    assert [
        status_label(s, view_of(questionnaire, "es"))
        for s in ("met", "partly", "not_met", "unknown")
    ] == [
        "✔ Coincide",
        "◐ Coincide en parte",
        "✘ No coincide",
        "? Sin datos",
    ]


@pytest.mark.parametrize("variable", ["LANG", "LC_MESSAGES", "LC_ALL"])
def test_the_language_comes_from_the_environment(
    cli, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    path = str(PERSONAS / "foot-after-fracture.yaml")
    assert "What your answers show" in cli("summary", path).stdout  # the fixture's C.UTF-8
    monkeypatch.setenv(variable, "es_MX.UTF-8")
    out = cli("summary", path).stdout
    assert "Lo que muestran sus respuestas" in out
    assert "What your answers show" not in out


def test_lang_option_wins_over_the_environment(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    out = cli("summary", str(PERSONAS / "foot-after-fracture.yaml"), "--lang", "en").stdout
    assert "What your answers show" in out
    assert "Lo que muestran" not in out


def test_a_language_the_checklist_lacks_is_refused_by_name(cli) -> None:
    result = cli("summary", str(PERSONAS / "foot-after-fracture.yaml"), "--lang", "fr")
    assert result.exit_code == 2  # a usage error, like an unknown --paper
    assert "'fr' is not available" in result.stderr and "en, es" in result.stderr


def test_an_unknown_locale_falls_back_to_english(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    out = cli("summary", str(PERSONAS / "foot-after-fracture.yaml")).stdout
    assert "What your answers show" in out


def test_questions_listing_in_spanish_keeps_the_ids(cli) -> None:
    english = json.loads(cli("questions", "--format", "json", "--lang", "en").stdout)
    spanish = json.loads(cli("questions", "--format", "json", "--lang", "es").stdout)
    assert spanish["language"] == "es"

    def ids(listing: dict) -> list[object]:  # type: ignore[type-arg]
        return [
            (q["id"], [c["id"] for c in q.get("choices", [])])
            for s in listing["sections"]
            for q in s["questions"]
        ]

    assert ids(spanish) == ids(english)
    texts = [q["text"] for s in spanish["sections"] for q in s["questions"]]
    assert "¿Dónde tiene dolor?" in texts


def test_spanish_template_is_a_valid_answers_file(cli, tmp_path: Path) -> None:
    template = tmp_path / "plantilla.yaml"
    assert cli("template", "--lang", "es", "-o", str(template)).exit_code == 0
    text = template.read_text(encoding="utf-8")
    assert "# ¿Cuánto le duele ahora mismo?" in text
    assert "pain_now:" in text
    assert "#   un número entero de 1 a 120" in text
    assert "Plantilla de respuestas de paincheck" in text
    assert "whole number" not in text and "(required)" not in text
    result = cli("validate", str(template))
    assert result.exit_code == 0, result.output


def _question_and_help_texts(questionnaire: Questionnaire) -> str:
    seen: dict[str, None] = {}
    for question in questionnaire.questions:
        seen.setdefault(question.text("es"))
        seen.setdefault(question.help("es"))
    return " ".join(seen)


def test_spanish_questions_read_fairly_easily(questionnaire: Questionnaire) -> None:
    """Szigriszt-Pazos (INFLESZ) 65 or more is "bastante fácil" (fairly easy) or easier."""
    import textstat  # type: ignore[import-untyped]

    textstat.set_lang("es")
    text = _question_and_help_texts(questionnaire)
    assert textstat.lexicon_count(text) > 500
    score = textstat.szigriszt_pazos(text)
    assert score >= 65, f"Szigriszt-Pazos {score:.1f}"


# -- the interview and the PDF in Spanish ---------------------------------------------------


def _english_question_texts(questionnaire: Questionnaire) -> list[str]:
    return [q.text("en") for q in questionnaire.questions if q.text("en") != q.text("es")]


@pytest.mark.timeout(60)
def test_the_spanish_interview_speaks_spanish_and_saves_the_same_ids(
    questionnaire: Questionnaire, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    from paincheck.interview import walk
    from tests.helpers.interview import typed_walk, typing

    persona = load_answers(questionnaire, PERSONAS / "knee-urgent.yaml").answers
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=100), term="xterm")
    path = tmp_path / "respuestas.yaml"
    with create_pipe_input() as pipe, typing(pipe, typed_walk(questionnaire, persona.values)):
        result = walk.run_interview(
            view_of(questionnaire, "es"), Answers(), path, input=pipe, output=output
        )
    assert dict(result.values) == dict(persona.values)
    assert load_answers(questionnaire, path).answers.values == persona.values
    shown = re.sub(r"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[=>])", "", screen.getvalue())
    shown += capsys.readouterr().out
    for spanish in (
        "Parte 1 de 8: Sobre usted, pregunta 1 de unas",
        "¿Cómo se llama?",
        "Escriba su respuesta y presione Enter.",
        "¿Cuánto le duele ahora mismo?",
        "Busque atención médica ahora",
        "Problemas nuevos con la vejiga o el intestino",
        "Vaya ahora a la sala de emergencias de un hospital.",
        "Revise sus respuestas",
    ):
        assert spanish in shown, spanish
    english = _english_interface_words() + _english_question_texts(questionnaire)
    assert [words for words in english if words in shown] == []


def test_run_in_spanish_without_a_terminal_explains_in_spanish(cli, tmp_path: Path) -> None:
    path = tmp_path / "respuestas.yaml"
    persona = str(PERSONAS / "knee-urgent.yaml")
    result = cli("run", "--answers", persona, "--save", str(path), "--lang", "es")
    assert result.exit_code == 1
    assert "no hay una terminal donde hacer las preguntas" in result.stderr
    assert "--answers ARCHIVO" in result.stderr


def _pdf_text(data: bytes) -> tuple[str, int]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_spanish_report_prints_accents_and_fits_three_pages(
    questionnaire: Questionnaire, name: str
) -> None:
    from paincheck.formats import pdf

    values = dict(load_answers(questionnaire, PERSONAS / f"{name}.yaml").answers.values)
    values["name"] = "María José Núñez"
    data, warnings = pdf.render_report(
        evaluate(questionnaire, Answers(values)), pdf.ExportOptions(lang="es")
    )
    assert warnings == []  # no character the font cannot draw
    text, pages = _pdf_text(data)
    assert 1 <= pages <= 3
    flat = " ".join(text.split())
    for spanish in (
        "Su lista sobre el dolor, para su cita sobre la terapia DRG",
        "Los criterios, de un vistazo",
        "Lo que dice la aprobación de EE. UU.",
        "¿Cuánto tiempo lleva con este dolor?",
        "Preguntas para su médico",
        f"Página {pages} de {pages}",
    ):
        assert spanish in flat, spanish
    assert "María José Núñez" in flat
    assert set("áéíóúñ¿") <= set(flat)  # "Sí", "médico", "Página", "¿Cuánto"...
    english = [w for w in _english_interface_words() if w in flat]
    assert english == []


def test_the_spanish_blank_checklist_is_in_spanish(questionnaire: Questionnaire) -> None:
    from paincheck.formats import pdf

    text, _ = _pdf_text(pdf.render_blank(questionnaire, pdf.ExportOptions(lang="es"))[0])
    flat = " ".join(text.split())
    assert "Lista de preguntas sobre su dolor para hablar de la terapia DRG" in flat
    assert "Marque una." in flat and "¿Cuánto le duele ahora mismo?" in flat
    assert "Señales de alarma" in flat
    # Every sign with its advice line on paper too, the soon ones included (never "next visit").
    assert "Si marca una casilla con !: Llame pronto a su médico." in flat
    assert "→ Llame hoy o mañana al consultorio de su médico y pida una cita urgente." in flat
    # Review N21: the GAD rows are answered "Nunca", the PHQ rows "Ningún día": one header each.
    assert flat.count("Ningún día") == 1 and flat.count("Nunca") == 1
    assert [w for w in _english_interface_words() if w in flat] == []
    assert [t for t in _english_question_texts(questionnaire) if t in flat] == []


def test_export_in_spanish_from_the_environment(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANG", "es_US.UTF-8")
    target = tmp_path / "informe.pdf"
    result = cli("export", str(PERSONAS / "foot-after-fracture.yaml"), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert f"Archivo creado: {target}" in result.stderr
    text, _ = _pdf_text(target.read_bytes())
    assert "Su lista sobre el dolor, para su cita" in text


def test_spanish_version_2_wording(questionnaire: Questionnaire) -> None:
    """Issue 10: the Spanish words a patient would act on."""

    def q(question_id: str) -> Any:
        return questionnaire.question(question_id)

    # PHQ-2 items word for word from the Pfizer Spanish (US) PHQ-9, after its stem.
    stem = (
        "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
        "siguientes problemas? "
    )
    assert q("phq_interest").text("es") == stem + "Poco interés o placer en hacer cosas"
    assert q("phq_down").text("es") == (
        stem + "Se ha sentido decaído(a), deprimido(a) o sin esperanzas"
    )
    thinners = q("health_conditions").choice("blood_thinners").label("es")
    assert "anticoagulantes o antiagregantes" in thinners and "aspirina" in thinners
    assert "constante" not in q("pain_feels_like").choice("aching").label("es")
    relief = [c.label("es") for c in q("relief_surgery").choices]
    assert relief == ["Nada", "Un poco", "Bastante", "Mucho"]
    bladder = q("warning_signs").choice("bladder_bowel_change").label("es")
    assert "No puedo orinar" in bladder and "aguantar" not in bladder


def test_spanish_version_3_wording(questionnaire: Questionnaire) -> None:
    """Review 2026-12-06: the Spanish a patient acts on, and one term per concept (N29)."""

    def q(question_id: str) -> Any:
        return questionnaire.question(question_id)

    # N16: the PEG enjoyment item asks how much pain got in the way, not the wish to enjoy.
    assert q("interference_enjoyment").text("es") == (
        "En los últimos 7 días, ¿cuánto le impidió el dolor disfrutar de la vida?"
    )
    # N21: the common Spanish GAD-7 wording, one notation "(a)".
    assert "nervioso(a), ansioso(a) o con los nervios de punta" in q("gad_nervous").text("es")
    # N31: the saddle area named; "durante las relaciones sexuales", as the English says.
    saddle = q("warning_signs").choice("saddle_numbness").label("es")
    assert "alrededor del ano" in saddle and "durante las relaciones sexuales" in saddle
    everything = " ".join(t.values.get("es", "") for t in texts_of(questionnaire))
    messages = " ".join(str(v) for v in load_document(MESSAGES_FOLDER / "es.yaml").values())
    for word in (
        "urgencias",  # N2: reads as an urgent-care clinic
        "Cumple",  # N26
        "indicaciones",  # N15: what a product is for, never what must not be done
        "Puntaje",  # N29: "puntuación"
        "bajada",
        "médicos del dolor",
        "dolorida",
        "nervioso/a",
        "más líquida",  # N30
        "se mete",
        "quitó el dolor las ganas",
    ):
        found = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        assert not found.search(everything) and not found.search(messages), word
    assert "sala de emergencias de un hospital" in everything
    assert "clínica de atención de urgencia (urgent care)" in everything
    assert "electrodo (cable)" in everything
