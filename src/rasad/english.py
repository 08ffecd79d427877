"""Plain English lines for facts, for readers who know neither Persian nor Arabic.

Entity references (entity ids, or mention indices within one document) are
turned into names through ``labels`` (entity id -> English label, e.g. from
the store) when given, else from the document's mentions: a country code
becomes its English CLDR name, any other name is romanised.

    >>> event_line(event, labels={"e1": "Sergei Lavrov (Russia)", "e2": "Wang Yi (China)"})
    'Sergei Lavrov (Russia) met Wang Yi (China) — 2024-05-16 — 2 sources (fa, ar)'
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from rasad.doc import Doc

log = logging.getLogger(__name__)

Labels = Mapping[str, str]

#: Longest quote excerpt shown in a quote line (characters).
QUOTE_EXCERPT = 90

VERBS: dict[tuple[str, str], str] = {
    ("CONSULT", "visit"): "visited",
    ("CONSULT", "phone"): "spoke by phone with",
    ("CONSULT", "multilateral"): "took part in a multilateral meeting with",
    ("CONSULT", ""): "consulted",
    ("CONSULT", "meeting"): "met",
    ("AGREE", "sign"): "signed an agreement with",
    ("AGREE", ""): "agreed with",
    ("SUPPORT", ""): "expressed support for",
    ("COOPERATE", "embassy-open"): "opened an embassy in",
    ("COOPERATE", "ambassador-appointed"): "appointed an ambassador to",
    ("COOPERATE", "energy-supply"): "supplies energy to",
    ("COOPERATE", "military-access"): "gave military access to",
    ("COOPERATE", ""): "cooperated with",
    ("AID", "arms-transfer"): "transferred arms to",
    ("AID", "economic"): "gave economic aid to",
    ("AID", "humanitarian"): "gave humanitarian aid to",
    ("AID", "military"): "gave military aid to",
    ("AID", ""): "aided",
    ("CONCEDE", "ease-sanctions"): "eased sanctions on",
    ("CONCEDE", ""): "made a concession to",
    ("RETREAT", ""): "withdrew from",
    ("REQUEST", ""): "made a request to",
    ("ACCUSE", "disapprove"): "criticised",
    ("ACCUSE", "allege"): "accused",
    ("ACCUSE", "investigate"): "investigated",
    ("ACCUSE", ""): "accused",
    ("REJECT", ""): "rejected",
    ("THREATEN", ""): "threatened",
    ("PROTEST", "strike"): "went on strike against",
    ("PROTEST", ""): "protested against",
    ("SANCTION", "embassy-close"): "closed an embassy",
    ("SANCTION", "expel-diplomat"): "expelled diplomats of",
    ("SANCTION", ""): "sanctioned",
    ("MOBILIZE", "exercise"): "held military exercises",
    ("MOBILIZE", "troops"): "mobilised forces",
    ("MOBILIZE", ""): "mobilised",
    ("COERCE", "arrest"): "arrested",
    ("COERCE", ""): "coerced",
    ("ASSAULT", "aerial"): "carried out air strikes on",
    ("ASSAULT", ""): "attacked",
}

_DANGLING = re.compile(r" (?:for|with|to|on|of|against|from|in)$")

COMPARATORS = {
    "more_than": "more than",
    "less_than": "less than",
    "at_least": "at least",
    "at_most": "at most",
    "about": "about",
    "nearly": "nearly",
    "exactly": "",
}


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    from babel import Locale

    return dict(Locale("en").territories)


def country_name(code: str | None) -> str | None:
    """English name of an ISO 3166 alpha-2 code (CLDR), or ``None``."""
    if not code:
        return None
    return _territories().get(code.upper())


def _place(place_id: str | None, name: str | None) -> str | None:
    """English label of a kb place, by id or by name, or ``None``."""
    from rasad import kb

    try:
        place = kb.get_place(place_id) if place_id else kb.lookup_place(name or "")
    except Exception:  # the kb is optional here: a label falls back to romanisation
        log.debug("kb lookup failed for %r / %r", place_id, name, exc_info=True)
        return None
    return place.label if place else None


def romanize(text: str) -> str:
    """A readable Latin rendering of a name (rasad.link.names: dictionary and rules)."""
    from rasad.link.names import romanize as romanize_name

    return romanize_name(text) or text


def label(ref: str | int | None, doc: Doc | None = None, labels: Labels | None = None) -> str:
    """English label of an entity reference."""
    if ref is None:
        return "someone"
    if labels and isinstance(ref, str) and ref in labels:
        return labels[ref]
    if isinstance(ref, str) and ref.startswith("cc:"):
        return country_name(ref[3:]) or ref
    mention = None
    if doc is not None:
        if isinstance(ref, int) and 0 <= ref < len(doc.mentions):
            mention = doc.mentions[ref]
        elif isinstance(ref, str):
            mention = next((m for m in doc.mentions if m.entity == ref), None)
    if isinstance(ref, str) and ":" in ref:
        place = _place(ref, None)
        if place:
            return place
    if mention is None:
        return str(ref)
    country = country_name(mention.country)
    if mention.type in ("GPE", "LOC", "FAC"):
        place = _place(None, mention.head or mention.text)
        if place:
            return place
        if mention.type == "GPE" and country and mention.entity == mention.country:
            return country
    if mention.type != "PER" and (translated := _institution(mention.head or mention.text, doc)):
        return translated
    name = romanize(mention.head or mention.text)
    if mention.type == "PER" and country:
        return f"{name} ({country})"
    return name


def _institution(written: str, doc: Doc | None) -> str | None:
    """An organisation's English name: the exact-match table's, else the institution table's full reading."""
    from rasad.kb.institutions import compose
    from rasad.kb.orgs import lookup_org

    org = lookup_org(written)
    if org is not None:
        return org.english
    reading = compose(written, doc.lang if doc is not None else None)
    return reading.label if reading.label and reading.complete and not reading.media else None


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sources_tail(sources: list[dict[str, Any]]) -> str:
    langs = list(dict.fromkeys(s.get("lang") for s in sources if s.get("lang")))
    articles = {s.get("article") for s in sources}
    n = len(articles) if None not in articles else len(sources)
    tail = f"{n} source{'s' if n != 1 else ''}"
    return f"{tail} ({', '.join(langs)})" if langs else tail


def event_line(event: dict[str, Any], doc: Doc | None = None, labels: Labels | None = None) -> str:
    """E.g. "Sergei Lavrov (Russia) met Wang Yi (China) — 2024-05-16 — 2 sources (fa, ar)"."""
    actors = _join([label(r, doc, labels) for r in event.get("actors", [])]) or "Someone"
    recipients = _join([label(r, doc, labels) for r in event.get("recipients", [])])
    verb = VERBS.get((event["type"], event.get("mode", ""))) or VERBS.get(
        (event["type"], ""), event["type"].lower()
    )
    if not recipients:
        verb = _DANGLING.sub("", verb)
    parts = [f"{actors} {verb}" + (f" {recipients}" if recipients else "")]
    location = event.get("location")
    if location is not None and location not in event.get("recipients", []):
        place = label(location, doc, labels)
        # a visit's place is its destination: "visited Baku", not "visited in Baku"
        parts[0] += f" {place}" if event.get("mode") == "visit" and not recipients else f" in {place}"
    modality = event.get("modality", "asserted")
    if modality != "asserted":
        parts[0] += f" [{modality}]"
    date = (event.get("date") or {}).get("value")
    if date:
        parts.append(str(date))
    parts.append(_sources_tail(event.get("sources", [])))
    return " — ".join(parts)


def quote_line(quote: dict[str, Any], doc: Doc | None = None, labels: Labels | None = None) -> str:
    """E.g. 'Sergei Lavrov (Russia) said (fa, direct): «...»'."""
    who = (
        label(quote.get("speaker"), doc, labels)
        if quote.get("speaker") is not None
        else "Unknown speaker"
    )
    text = quote.get("text", "")
    excerpt = text if len(text) <= QUOTE_EXCERPT else text[: QUOTE_EXCERPT - 1] + "…"
    tags = ", ".join(x for x in (quote.get("lang"), quote.get("kind")) if x)
    extra = f" — also in {len(quote['same_as'])} other report(s)" if quote.get("same_as") else ""
    return f"{who} said ({tags}): «{excerpt}»{extra}"


def value_phrase(claim: dict[str, Any]) -> str:
    """E.g. "more than 30%", "about 700 km", "6000 people"."""
    value = claim.get("value")
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    unit = claim.get("unit") or ""
    comp = COMPARATORS.get(claim.get("comparator") or "exactly", "")
    if unit == "percent":
        body = f"{shown}%"
    elif unit.startswith("money:"):
        body = f"{shown} {unit.split(':', 1)[1]}"
    elif unit == "count" and claim.get("noun"):
        body = f"{shown} × {romanize(claim['noun'])}"
    else:
        body = f"{shown} {unit}".strip()
    return f"{comp} {body}".strip()


def claim_line(claim: dict[str, Any], doc: Doc | None = None, labels: Labels | None = None) -> str:
    """E.g. "more than 30% (oil) — Israel, Azerbaijan — 2023"."""
    head = value_phrase(claim)
    what = " ".join(x for x in (claim.get("topic"), claim.get("flow")) if x)
    if what:
        head += f" ({what})"
    parts = [head]
    subjects = [label(r, doc, labels) for r in claim.get("subjects", [])]
    if subjects:
        parts.append(", ".join(subjects))
    time = claim.get("time")
    if isinstance(time, dict) and time.get("value"):
        parts.append(str(time["value"]))
    if claim.get("lang"):
        parts.append(str(claim["lang"]))
    return " — ".join(parts)
