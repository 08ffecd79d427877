"""Training and scoring the transliteration model of :mod:`rasad.link.translit`.

Data: the three single-word Arabic-English name lists of ``../shared/data/names``
(ANETAC, Wikidata person-name words, Google's Wikipedia-mined words; see that
folder's README). Each source keeps its own train/dev/test split. Training uses
``train`` rows only, and none whose folded Arabic form is the form of a ``dev``
or ``test`` row of *any* of the three files (the files overlap), so every test
and dev word is unseen. Dev rows pick the epoch and the Persian letter map is
checked on ``benchmarks/data/translit_fa_dev.tsv``; test rows are only scored.

``rasad train translit`` runs :func:`train`; ``rasad eval translit`` runs
:func:`evaluate`.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.link import translit
from rasad.link.translit import MODEL_DIR, SPECIALS, latin_key, source_form

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = ROOT.parent / "shared" / "data" / "names"
FA_DEV = ROOT / "benchmarks" / "data" / "translit_fa_dev.tsv"
FA_CHECK = ROOT / "benchmarks" / "data" / "translit_fa_check.tsv"

#: The word lists, by the name the scores use.
SOURCES = {
    "anetac": "ar_en_anetac.tsv",
    "wikidata": "ar_en_wikidata_person_tokens.tsv",
    "google": "ar_en_google_wiki_words.tsv",
}
#: Letters the model writes: a-z and translit.LATIN_EXTRA.
TARGET_LETTERS = "abcdefghijklmnopqrstuvwxyz" + translit.LATIN_EXTRA
#: A source letter seen fewer times than this in training is read as unknown.
MIN_LETTER_COUNT = 5

#: A training pair whose consonant skeletons (rasad.link.names.skeleton) agree less than
#: this (0-100), both of at least NOISE_MIN_SKELETON letters, is a misalignment of the
#: Wikidata word aligner ("morocco" for محمد) and is dropped.
NOISE_MAX_SIMILARITY = 30
NOISE_MIN_SKELETON = 3

#: The exact word table keeps a word's majority spelling when the spelling has at
#: least this share of the word's training weight (Wikidata's ``count``, 1 per
#: row elsewhere) and the word at least TABLE_MIN_WEIGHT weight in all.
TABLE_MIN_SHARE = 0.6
TABLE_MIN_WEIGHT = 2

#: Network sizes (letter embeddings, encoder GRU per direction, decoder GRU).
DIMS: dict[str, Any] = {"emb": 48, "enc": 128, "dec": 192, "enc_layers": 1, "dropout": 0.0}
EPOCHS = 8
BATCH_SIZE = 128
LEARNING_RATE = 3e-3
WARMUP_STEPS = 300
LABEL_SMOOTHING = 0.1
CLIP_NORM = 1.0
SEED = 13
#: torch threads for training. One: on the 2-core development machine, shared with
#: other jobs, two threads made each step 3-10x slower than one (threads waiting on a
#: busy core); measured with the other core busy, so see the card before changing it.
TRAIN_THREADS = 1


@dataclass(frozen=True)
class Row:
    """One row of a word list."""

    source: str
    arabic: str
    english: str  # as published
    weight: int
    split: str


def read_rows(data_dir: Path = DATA_DIR) -> list[Row]:
    """Every row of the three word lists (``dev`` is Google's ``eval``)."""
    rows: list[Row] = []
    for source, name in SOURCES.items():
        path = data_dir / name
        if not path.exists():
            raise FileNotFoundError(
                f"{path}: name list not found (../shared/data/names beside the repo)"
            )
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                split = "dev" if r["split"] == "eval" else r["split"]
                rows.append(Row(source, r["ar"], r["en"], int(r.get("count") or 1), split))
    return rows


def target_form(english: str) -> str | None:
    """The lower-case, unaccented spelling the model learns, or None when it has other characters."""
    key = latin_key(english).strip("'-. ")
    return key if key and all(c in TARGET_LETTERS for c in key) else None


def noisy(arabic: str, latin: str) -> bool:
    """True for a pair whose consonant skeletons clearly disagree (a misaligned word)."""
    from rapidfuzz import fuzz

    from rasad.link.names import skeleton

    a, b = skeleton(arabic), skeleton(latin)
    return min(len(a), len(b)) >= NOISE_MIN_SKELETON and fuzz.ratio(a, b) < NOISE_MAX_SIMILARITY


def held_out_forms(rows: Iterable[Row]) -> set[str]:
    """Folded forms of every dev and test word of every file."""
    return {source_form(r.arabic, "ar") for r in rows if r.split in ("dev", "test")}


def _weighted_pairs(
    rows: Sequence[Row], splits: frozenset[str], held: set[str]
) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """(form, spelling, weight) of the usable rows of ``splits`` whose form is not in ``held``, and what was dropped."""
    weights: Counter[tuple[str, str]] = Counter()
    dropped: Counter[str] = Counter()
    for r in rows:
        if r.split not in splits:
            continue
        form, latin = source_form(r.arabic, "ar"), target_form(r.english)
        if not form or latin is None:
            dropped["not_letters"] += 1
        elif form in held:
            dropped["held_out_form"] += 1
        elif noisy(r.arabic, latin):
            dropped["misaligned"] += 1
        else:
            weights[(form, latin)] += r.weight
    return [(f, e, w) for (f, e), w in weights.items()], dict(dropped)


def training_data(rows: Sequence[Row]) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """(form, spelling, weight) of the usable training rows, one per distinct pair, and counts of what was dropped."""
    return _weighted_pairs(rows, frozenset({"train"}), held_out_forms(rows))


#: How many of the heaviest training words the card checks against the held-out rule.
HEAVY_WORDS = 100


def heavy_held_out(rows: Sequence[Row]) -> int:
    """How many of the HEAVY_WORDS heaviest forms of the train rows are dev or test forms (so left out)."""
    held = held_out_forms(rows)
    weight: Counter[str] = Counter()
    for r in rows:
        if r.split == "train":
            weight[source_form(r.arabic, "ar")] += r.weight
    return sum(f in held for f, _ in weight.most_common(HEAVY_WORDS))


def build_table(pairs: Iterable[tuple[str, str, int]]) -> dict[str, tuple[str, float]]:
    """Each form's majority spelling, where it is clear enough (see TABLE_MIN_SHARE)."""
    by_form: dict[str, Counter[str]] = defaultdict(Counter)
    for form, latin, weight in pairs:
        by_form[form][latin] += weight
    table: dict[str, tuple[str, float]] = {}
    for form, spellings in by_form.items():
        total = sum(spellings.values())
        best, n = spellings.most_common(1)[0]
        if total >= TABLE_MIN_WEIGHT and n / total >= TABLE_MIN_SHARE:
            table[form] = (best, round(n / total, 3))
    return table


def write_table(path: Path, table: dict[str, tuple[str, float]]) -> None:
    """The word table as gzipped TSV (form, spelling, share), byte for byte the same on a rebuild."""
    text = "".join(f"{f}\t{e}\t{s}\n" for f, (e, s) in sorted(table.items()))
    with (
        path.open("wb") as raw,
        gzip.GzipFile("", "wb", compresslevel=9, fileobj=raw, mtime=0) as gz,
    ):
        gz.write(text.encode("utf-8"))


def lexicon_data(rows: Sequence[Row]) -> tuple[list[tuple[str, str, int]], dict[str, int]]:
    """(form, spelling, weight) of every usable row of every split, and counts of what was dropped.

    The shipped dictionary (:data:`rasad.link.translit.LEXICON`) is read by labels
    only, never scored on the lists' test splits: the held-out figures are the
    model's and the train-only table's (:func:`training_data`).
    """
    return _weighted_pairs(rows, frozenset({"train", "dev", "test"}), set())


def build_lexicon(data_dir: Path = DATA_DIR, out_dir: Path | None = None) -> dict[str, Any]:
    """Write the dictionary of every split (``lexicon.tsv.gz``) into the model folder; returns its counts."""
    out_dir = out_dir or translit.MODEL_DIR
    pairs, dropped = lexicon_data(read_rows(data_dir))
    lexicon = build_table(pairs)
    write_table(out_dir / translit.LEXICON, lexicon)
    counts = {"lexicon_pairs": len(pairs), "lexicon_words": len(lexicon), "lexicon_dropped": dropped}
    meta_path = out_dir / translit.META
    if meta_path.exists():  # keep the model's meta in step with the folder it describes
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta.update(counts)
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return counts


# -- scoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A test word: the Arabic-script word as written and every spelling given for it."""

    word: str
    refs: tuple[str, ...]


def split_items(rows: Iterable[Row], split: str) -> dict[str, list[Item]]:
    """Per source, the distinct words of a split with their reference spellings (lower-cased)."""
    refs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in rows:
        if r.split == split:
            refs[r.source][r.arabic].add(r.english.casefold())
    return {
        s: [Item(w, tuple(sorted(v))) for w, v in sorted(refs[s].items())]
        for s in SOURCES
        if s in refs
    }


def _loose(text: str) -> str:
    return "".join(c for c in latin_key(text) if c.isalnum())


def score(predictions: Sequence[str], items: Sequence[Item]) -> dict[str, Any]:
    """Word accuracy (exact, case-insensitive; and ignoring accents, spaces and hyphens) and mean CER.

    A word counts as right when the prediction equals any of its references; its
    character error rate is the edit distance to the nearest reference over that
    reference's length.
    """
    from rapidfuzz.distance import Levenshtein

    exact = loose = 0
    cer = 0.0
    for pred, item in zip(predictions, items, strict=True):
        p = pred.casefold().strip()
        exact += p in item.refs
        loose += _loose(p) in {_loose(r) for r in item.refs}
        cer += min(Levenshtein.distance(p, r) / max(len(r), 1) for r in item.refs)
    n = len(items)
    return {"words": n, "accuracy": exact / n if n else None, "accuracy_loose": loose / n if n else None,
            "cer": cer / n if n else None}  # fmt: skip


#: The systems :func:`evaluate` can score.
SYSTEMS = ("model", "table+model", "romanizer", "romanizer+model")
#: A combination for the benchmark: the romaniser's spelling of a well-attested name
#: (rasad.link.names.attested_latin), else table+model.
ATTESTED = "attested+table+model"


def predict(
    system: str, words: Sequence[str], lang: str, model: translit.Model | None = None
) -> list[str]:
    """Each word's top spelling by one system (lower-cased)."""
    if system == "model":
        m = model or translit.model()
        forms = [source_form(w, lang) for w in words]
        return [c[0][0] if c else "" for c in m.decode(forms, 1)]
    if system == "table+model":
        if model is not None:
            forms = [source_form(w, lang) for w in words]
            decoded = model.decode(forms, 1)
            return [
                model.table[f][0] if f in model.table else (c[0][0] if c else "")
                for f, c in zip(forms, decoded, strict=True)
            ]
        return [c[0][0] if c else "" for c in translit.transliterate_many(words, lang, 1)]
    if system in ("romanizer", "romanizer+model"):
        from rasad.link.names import romanize

        return [romanize(w, model=system == "romanizer+model").casefold() for w in words]
    if system == ATTESTED:
        from rasad.link.names import attested_latin

        known = [attested_latin(w) for w in words]
        rest = iter(
            predict(
                "table+model", [w for w, k in zip(words, known, strict=True) if not k], lang, model
            )
        )
        return [k or next(rest) for k in known]
    raise ValueError(f"unknown system {system!r}; one of {', '.join((*SYSTEMS, ATTESTED))}")


def fa_items(path: Path) -> list[Item]:
    """Word pairs of a Persian name list (fa, en columns), names whose word counts differ skipped."""
    items: list[Item] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            fa, en = r["fa"].split(), r["en"].split()
            if len(fa) == len(en):
                items += [Item(f, (e.casefold(),)) for f, e in zip(fa, en, strict=True)]
    return items


def fa_names(path: Path) -> list[Item]:
    """Whole names of a Persian name list (fa, en columns)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Item(r["fa"], (r["en"].casefold(),))
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def evaluate(
    split: str = "test",
    data_dir: Path = DATA_DIR,
    systems: Sequence[str] = ("model", "table+model"),
    limit: int | None = None,
    persian: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Scores of each system on each source's ``split``, and on the Persian list of that split.

    Persian (``persian``): benchmarks/data/translit_fa_dev.tsv for dev,
    translit_fa_check.tsv for test. ``limit``: only the first N words of each
    source (quick checks).
    """
    rows = read_rows(data_dir)
    report: dict[str, Any] = {"split": split, "sources": {}}
    sets = {
        s: (items[:limit] if limit else items, "ar")
        for s, items in split_items(rows, split).items()
    }
    fa_list = (FA_DEV if split == "dev" else FA_CHECK) if persian else None
    if fa_list is not None and fa_list.exists():
        sets["persian_words"] = (fa_items(fa_list), "fa")
    for name, (items, lang) in sets.items():
        report["sources"][name] = {}
        for system in systems:
            start = time.perf_counter()
            preds = predict(system, [i.word for i in items], lang)
            result = score(preds, items)
            result["seconds"] = round(time.perf_counter() - start, 2)
            report["sources"][name][system] = result
            if progress:
                progress(
                    f"{name} {system}: accuracy {result['accuracy']:.3f}, CER {result['cer']:.3f}"
                )
    if fa_list is not None and fa_list.exists():
        names = fa_names(fa_list)
        report["sources"]["persian_names"] = {}
        for system in systems:
            if system in ("model", ATTESTED):  # names: transliterate_name, table and model
                continue
            if system.startswith("romanizer"):
                from rasad.link.names import romanize

                preds = [romanize(n.word, model=system == "romanizer+model") for n in names]
            else:
                preds = [translit.transliterate_name(n.word, "fa") for n in names]
            report["sources"]["persian_names"][system] = score(preds, names)
    return report


# -- training -------------------------------------------------------------------------


def _batches(examples: list[tuple[list[int], list[int]]], rng: random.Random) -> list[list[int]]:
    """Index batches of similar source length, in random order."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    chunk = BATCH_SIZE * 32
    batches: list[list[int]] = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: len(examples[i][0]))
        batches += [part[i : i + BATCH_SIZE] for i in range(0, len(part), BATCH_SIZE)]
    rng.shuffle(batches)
    return batches


def _tensors(
    examples: list[tuple[list[int], list[int]]], batch: list[int]
) -> tuple[Any, Any, Any, Any]:
    import torch

    src = [examples[i][0] for i in batch]
    tgt = [examples[i][1] for i in batch]
    sw, tw = max(map(len, src)), max(map(len, tgt)) + 1
    s = torch.tensor([x + [translit.PAD] * (sw - len(x)) for x in src])
    t_in = torch.tensor([[translit.BOS, *x] + [translit.PAD] * (tw - 1 - len(x)) for x in tgt])
    t_out = torch.tensor([[*x, translit.EOS] + [translit.PAD] * (tw - 1 - len(x)) for x in tgt])
    return s, torch.tensor([len(x) for x in src]), t_in, t_out


def _dev_accuracy(m: translit.Model, items: Sequence[Item]) -> float:
    """Greedy-decoding word accuracy (the per-epoch check; the final scores use the beam)."""
    decoded = m.decode([source_form(i.word, "ar") for i in items], 1, beam=1)
    return score([c[0][0] if c else "" for c in decoded], items)["accuracy"] or 0.0


def train(
    out_dir: Path | None = None,
    data_dir: Path = DATA_DIR,
    epochs: int = EPOCHS,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train the model and the word table, keep the epoch best on dev, and write the model folder.

    ``limit``: train on the first N pairs only (quick checks). Returns meta.json's content.
    """
    import numpy as np
    import torch

    started = time.perf_counter()
    out_dir = out_dir or MODEL_DIR
    threads = torch.get_num_threads()
    torch.set_num_threads(TRAIN_THREADS)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    say = progress or (lambda msg: log.info("%s", msg))

    rows = read_rows(data_dir)
    pairs, dropped = training_data(rows)
    pairs.sort()
    if limit:
        pairs = rng.sample(pairs, min(limit, len(pairs)))
    table = build_table(pairs)
    letters = Counter(c for f, _, _ in pairs for c in f)
    source_letters = "".join(sorted(c for c, n in letters.items() if n >= MIN_LETTER_COUNT))
    src_index = {c: i + len(SPECIALS) for i, c in enumerate(source_letters)}
    tgt_index = {c: i + len(SPECIALS) for i, c in enumerate(TARGET_LETTERS)}
    examples = [([src_index.get(c, translit.UNK) for c in f[: translit.MAX_SOURCE]], [tgt_index[c] for c in e])
                for f, e, _ in pairs]  # fmt: skip
    dev = split_items(rows, "dev")
    dev_items = [i for items in dev.values() for i in items]
    say(
        f"{len(pairs)} training pairs ({len(table)} table words), {len(dev_items)} dev words; dropped {dropped}"
    )

    net = translit.build_net(
        len(SPECIALS) + len(source_letters), len(SPECIALS) + len(TARGET_LETTERS), DIMS
    )
    meta: dict[str, Any] = {
        "source_letters": source_letters,
        "target_letters": TARGET_LETTERS,
        "dims": DIMS,
    }
    model = translit.Model(net, source_letters, TARGET_LETTERS, table, meta)
    optim = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
    total_steps = epochs * math.ceil(len(examples) / BATCH_SIZE)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim,
        lambda s: (
            min(1.0, (s + 1) / WARMUP_STEPS)
            * 0.5
            * (1 + math.cos(math.pi * min(s, total_steps) / total_steps))
        ),
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=translit.PAD, label_smoothing=LABEL_SMOOTHING)
    best: tuple[float, int, dict[str, Any]] = (-1.0, 0, {})
    history = []
    for epoch in range(1, epochs + 1):
        net.train()
        t0, seen, loss_sum = time.perf_counter(), 0, 0.0
        for batch in _batches(examples, rng):
            src, lengths, t_in, t_out = _tensors(examples, batch)
            logits = net(src, lengths, t_in)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), t_out.reshape(-1))
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), CLIP_NORM)
            optim.step()
            sched.step()
            seen += len(batch)
            loss_sum += float(loss.detach()) * len(batch)
        net.eval()
        acc = _dev_accuracy(model, dev_items)
        history.append({"epoch": epoch, "loss": round(loss_sum / seen, 4), "dev_accuracy": round(acc, 4),
                        "seconds": round(time.perf_counter() - t0, 1)})  # fmt: skip
        say(
            f"epoch {epoch}: loss {loss_sum / seen:.4f}, dev accuracy {acc:.4f} ({time.perf_counter() - t0:.0f} s)"
        )
        if acc > best[0]:
            best = (acc, epoch, {k: v.detach().clone() for k, v in net.state_dict().items()})
    net.load_state_dict(best[2])
    net.eval()

    dev_scores = {
        s: score(predict("model", [i.word for i in items], "ar", model=model), items)
        for s, items in dev.items()
    }
    fa_dev = _persian_letter_check(model) if FA_DEV.exists() else {}
    with translit.using(model):  # scored once, after every choice was made on dev
        test = evaluate("test", data_dir, SYSTEMS[:2])["sources"]
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out_dir / translit.WEIGHTS,
        **{k: v.numpy().astype(np.float16) for k, v in net.state_dict().items()},
    )
    write_table(out_dir / translit.TABLE, table)
    meta.update(build_lexicon(data_dir, out_dir))
    meta.update({
        "parameters": sum(p.numel() for p in net.parameters()),
        "training_pairs": len(pairs), "training_forms": len({f for f, _, _ in pairs}), "dropped_rows": dropped,
        "table_words": len(table), "heavy_held_out": heavy_held_out(rows), "table_min_share": TABLE_MIN_SHARE, "table_min_weight": TABLE_MIN_WEIGHT,
        "epochs": epochs, "best_epoch": best[1], "batch_size": BATCH_SIZE, "learning_rate": LEARNING_RATE,
        "history": history, "dev": dev_scores, "test": test, "fa_dev_letter_for_gaf": fa_dev,
        "train_seconds": round(time.perf_counter() - started, 1), "threads": TRAIN_THREADS, "limit": limit,
    })  # fmt: skip
    (out_dir / translit.META).write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (out_dir / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    torch.set_num_threads(threads)
    return meta


def _persian_letter_check(model: translit.Model) -> dict[str, float]:
    """Persian dev word accuracy with گ read as غ and as ج (the choice in rasad.lang.fa.TRANSLIT_LETTERS)."""
    from rasad.lang import fa

    items = fa_items(FA_DEV)
    out = {}
    for letter in ("غ", "ج"):
        mapping = {**fa.TRANSLIT_LETTERS, "گ": letter}
        forms = ["".join(mapping.get(c, c) for c in source_form(i.word, "ar")) for i in items]
        preds = [c[0][0] if c else "" for c in model.decode(forms, 1)]
        out[letter] = round(score(preds, items)["accuracy"] or 0.0, 4)
    return out


def model_card(meta: dict[str, Any]) -> str:
    """MODEL_CARD.md from the training meta."""
    dev = "\n".join(
        f"| {s} | {d['words']} | {d['accuracy']:.3f} | {d['cer']:.3f} |"
        for s, d in meta["dev"].items()
    )
    test = "\n".join(
        f"| {s} | {system} | {d['words']} | {d['accuracy']:.3f} | {d['accuracy_loose']:.3f} | {d['cer']:.3f} |"
        for s, by_system in meta["test"].items()
        for system, d in by_system.items()
    )
    keys = ("parameters", "training_pairs", "training_forms", "table_words", "best_epoch", "epochs",
            "heavy_held_out", "lexicon_pairs", "lexicon_words")  # fmt: skip
    return CARD.format(
        dev=dev, test=test, **{k: meta[k] for k in keys}, train_minutes=meta["train_seconds"] / 60,
        dropped=", ".join(f"{k} {v:,}" for k, v in sorted(meta["dropped_rows"].items())),
        fa_dev=", ".join(f"{k} {v:.3f}" for k, v in meta["fa_dev_letter_for_gaf"].items()),
        **{k: meta["dims"][k] for k in ("emb", "enc", "dec")}, beam=translit.BEAM,
        smoothing=LABEL_SMOOTHING, heavy=HEAVY_WORDS, share=TABLE_MIN_SHARE, weight=TABLE_MIN_WEIGHT, threads=meta["threads"],
    )  # fmt: skip


CARD = """# Transliteration model (Arabic script → Latin), rasad.link.translit

A character-level sequence-to-sequence model that spells one Persian or Arabic
word in Latin letters, and an exact word table for frequent words.

- **Network**: letter embeddings ({emb}), one bidirectional GRU encoder layer ({enc} per
  direction), a GRU decoder ({dec}) with Luong (general) attention and a tanh layer
  over state and context, beam search (width {beam}) at run time; {parameters:,}
  parameters, stored as float16 (`weights.npz`). Trained with Adam, label smoothing
  {smoothing}, a cosine learning-rate schedule and no dropout.
- **Input**: the word folded by `rasad.text.fold` (hamza seats, alef variants, ة → ه,
  ي/ك → ی/ک, harakat, tatweel, ZWNJ); Persian words first get
  `rasad.lang.fa.TRANSLIT_LETTERS` (پ → ب, چ → تش, ژ → ج, گ → غ), and a پ's b is put
  back as p in the spelling (`TRANSLIT_RESTORE`). Output: a-z, ' and -.
- **Word table** (`table.tsv.gz`, {table_words:,} words): a training word's majority
  spelling when it has at least {share:.0%} of the word's weight and the word at least
  {weight} in all (weight: Wikidata's `count`, 1 per ANETAC or Google row).

## Data

From `../shared/data/names` (its README gives the provenance):

| file | source | licence (as the data README gives it) |
|---|---|---|
| ar_en_anetac.tsv | ANETAC, MohamedHadjAmeur/ANETAC @ 7984b91 | no licence file; README and paper (arXiv 1907.03110) call it "freely accessible" and ask for a citation |
| ar_en_wikidata_person_tokens.tsv | Wikidata person names, Merhav & Ash (COLING 2018), steveash/NETransliteration-COLING2018 @ 5d5f59e | CC0 1.0 |
| ar_en_google_wiki_words.tsv | Google's Wikipedia-mined words, google/transliteration @ b2265a6 | Apache-2.0 |

Training uses the `train` rows of the three files only, one example per distinct
(folded Arabic form, spelling) pair: {training_pairs:,} pairs of {training_forms:,} forms.
Dropped rows: {dropped} (`held_out_form`: the folded Arabic form is the form of a
dev or test word of any of the three files, so no dev or test word is seen in
training; `misaligned`: consonant skeletons that clearly disagree, a Wikidata
aligner error; `not_letters`: spellings with characters other than letters, ' and -,
after accents are removed). English is lower-cased and unaccented.

## Scores

Dev (the sources' own dev splits: ANETAC dev, Google eval; best epoch {best_epoch} of
{epochs}, chosen on these), model alone, top-1, a word right when it equals any of
its reference spellings:

| source | words | accuracy | CER |
|---|---|---|---|
{dev}

Persian dev list (`benchmarks/data/translit_fa_dev.tsv`, 32 names written for this
choice, none on the check list), word accuracy with گ read as each Arabic letter:
{fa_dev} (a tie; غ, Arabic's usual letter for a foreign g, is kept).

Test (the sources' own test splits; `persian_words`/`persian_names`: the 60 names of
`benchmarks/data/translit_fa_check.tsv`, written before any model output was seen),
scored once after training. "loose" ignores accents, spaces, hyphens and apostrophes.
No test word's form is in training, so the table holds none of them either and
"table+model" equals "model" on the name lists (Persian words may be in it); whole
names are spelt by `transliterate_name` (table, model, particles):

| list | system | words | accuracy | accuracy (loose) | CER |
|---|---|---|---|---|---|
{test}

Against today's romaniser (arabic-name-romanizer through `rasad.link.names.romanize`)
and for speed: `python benchmarks/translit_eval.py`.

## The labels' dictionary

`lexicon.tsv.gz` (form, spelling, share) holds each word's majority spelling over
**every** split of the three lists (train, dev and test; {lexicon_pairs:,} distinct pairs after
the same `misaligned` and `not_letters` filters, {lexicon_words:,} words with a clear majority
under the same rule as the word table). English labels read it
(`rasad.link.translit.lexicon`); the model, the word table and every figure above
do not, so the held-out scores stay held out. It restores the commonest names that
the held-out rule keeps out of the table. Rebuild it alone, in seconds:
`rasad train translit --lexicon-only` (a full `rasad train translit` writes it too).

## Limits

- The held-out rule costs the table its most useful words: the three lists split
  by (Arabic, English) pair, so a frequent name has some spelling in a test split.
  {heavy_held_out} of the {heavy} heaviest training words (by Wikidata count: the commonest
  English and Arabic first names and surnames) are dev or test forms, so they are
  neither in the table nor trained on. For them the model guesses from similar
  words; a dictionary of attested names (the romaniser's) knows them.
- Persian: the model is trained on Arabic spellings and reads Persian through the
  letter map, so it spells vowels the Arabic way (i/u where Persian names have
  e/o: Hossein, Mohsen) and و as w; there is no Persian training data.
- Wikidata's references come from a word aligner; some are wrong (a country name for
  a first name), which lowers every system's score there alike.

## Rebuild

```
rasad train translit
```

Training, scoring included, took {train_minutes:.1f} minutes with {threads} torch thread on the
development machine (AMD EPYC, 2 cores, shared with other jobs at the time). Seeded, but torch's CPU kernels do not promise
identical floats across machines.
"""
