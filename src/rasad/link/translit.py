"""Learned transliteration of Persian and Arabic names into Latin letters.

One Arabic-script word goes in, lower-case Latin spellings come out:

1. the word is folded as rasad folds every name (:func:`rasad.text.fold`: hamza
   seats, alef variants, ة, ي/ك, harakat, tatweel and ZWNJ), and a Persian word
   has its letters that Arabic lacks mapped to the ones Arabic writes for the
   same sounds (``TRANSLIT_LETTERS`` of :mod:`rasad.lang.fa`: پ چ ژ گ); after
   decoding, a پ's b is put back as p (``TRANSLIT_RESTORE``);
2. an exact word table learned from the training pairs gives the majority
   spelling of words seen often enough with a clear majority (what a dictionary
   gives; the held-out rule of training keeps out every word that any test split
   has, frequent first names among them: see the model card);
3. a small character-level sequence-to-sequence model (bidirectional GRU
   encoder, GRU decoder with attention, beam search) spells any word.

:func:`transliterate` gives scored candidates for one word (table first),
:func:`transliterate_many` a batch, :func:`transliterate_name` a title-cased
full name with the Arabic particles (عبد ال…, بن, ابو, آل, the article) rendered
as English writes them. The model ships in ``models/translit`` with its card;
``rasad train translit`` rebuilds it (:mod:`rasad.link.translit_train`).

Decoding uses rasad's torch thread policy
(:func:`rasad.extract.ner.kernels.configure_torch`): one thread per free core.
These small matrices gain little from a second thread, and two threads on a
2-core machine whose other core is busy decoded 30x slower than one
(``benchmarks/translit_eval.py``).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import logging
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.kb.keys import ARABIC_SCRIPT
from rasad.text.fold import fold

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "translit"
WEIGHTS = "weights.npz"
META = "meta.json"
TABLE = "table.tsv.gz"
#: The dictionary of every split of the name lists, for labels (see :func:`lexicon`).
LEXICON = "lexicon.tsv.gz"

#: Beam width of the decoder (at least ``k``); 1 is greedy decoding.
BEAM = 2
#: Words decoded together in one batch.
BATCH = 256
#: Longest (folded) word the model reads; the rest of a longer word is cut off.
MAX_SOURCE = 32
#: Longest spelling the decoder writes for a word of n letters: n * this + 4.
MAX_TARGET_RATIO = 2
#: Words (and their k) whose candidates the process keeps.
CACHE_SIZE = 100_000

PAD, BOS, EOS, UNK = 0, 1, 2, 3
SPECIALS = ("<pad>", "<s>", "</s>", "<unk>")

#: Latin letters the model writes besides a-z.
LATIN_EXTRA = "'-"
#: Letters that plain Unicode decomposition does not reduce to ASCII.
_ASCII_LETTERS = {
    "ł": "l", "ø": "o", "ß": "ss", "ı": "i", "đ": "d", "æ": "ae", "œ": "oe", "ð": "d",
    "þ": "th", "ħ": "h", "’": "'", "‘": "'", "`": "'", "ʿ": "'", "ʾ": "'", "ʻ": "'", "ʼ": "'",
    "‐": "-", "‑": "-",
}  # fmt: skip


def latin_key(text: str) -> str:
    """``text`` lower-cased, accents and special letters reduced to ASCII (``Đoković`` → ``dokovic``)."""
    text = "".join(_ASCII_LETTERS.get(c, c) for c in text.casefold())
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def letters_for(lang: str | None) -> dict[str, str]:
    """The language folder's ``TRANSLIT_LETTERS`` (empty for Arabic and unknown languages)."""
    from rasad import lang as lang_folders

    return dict(lang_folders.table("TRANSLIT_LETTERS").get(lang or "", {}))


@functools.lru_cache(maxsize=CACHE_SIZE)
def source_form(word: str, lang: str | None = "ar") -> str:
    """The folded, Arabic-letter form of one word that the table and the model read."""
    key = "".join(c for c in fold(word) if ARABIC_SCRIPT.match(c) and c.isalpha())
    # Arabic has no map of its own and none of these letters: an Arabic-tagged word that
    # has them is Persian (or Kurdish, Urdu) text, so the Persian map applies to every word.
    mapping = letters_for(lang) or letters_for("fa")
    return "".join(mapping.get(c, c) for c in key)


# -- the network --------------------------------------------------------------------


def build_net(n_src: int, n_tgt: int, dims: dict[str, Any]) -> Any:
    """The sequence-to-sequence network (torch), untrained, for the given vocabularies and sizes."""
    import torch
    from torch import nn

    class Net(nn.Module):
        """BiGRU encoder; GRU decoder with Luong (general) attention over the encoder states."""

        def __init__(self) -> None:
            super().__init__()
            emb, hid, dec = dims["emb"], dims["enc"], dims["dec"]
            self.src_emb = nn.Embedding(n_src, emb, padding_idx=PAD)
            self.encoder = nn.GRU(emb, hid, num_layers=dims["enc_layers"], batch_first=True,
                                  bidirectional=True, dropout=dims["dropout"] if dims["enc_layers"] > 1 else 0.0)  # fmt: skip
            self.bridge = nn.Linear(2 * hid, dec)
            self.tgt_emb = nn.Embedding(n_tgt, emb, padding_idx=PAD)
            self.decoder = nn.GRU(emb, dec, batch_first=True)
            self.attn = nn.Linear(2 * hid, dec, bias=False)
            self.mix = nn.Linear(dec + 2 * hid, dec)
            self.out = nn.Linear(dec, n_tgt)
            self.drop = nn.Dropout(dims["dropout"]) if dims["dropout"] else nn.Identity()

        def encode(self, src: Any, lengths: Any) -> tuple[Any, Any, Any, Any]:
            """Encoder states, their attention keys, the padding mask and the decoder's first state."""
            packed = nn.utils.rnn.pack_padded_sequence(
                self.drop(self.src_emb(src)), lengths.cpu(), batch_first=True, enforce_sorted=False
            )
            states, last = self.encoder(packed)
            states, _ = nn.utils.rnn.pad_packed_sequence(
                states, batch_first=True, total_length=src.shape[1]
            )
            states = self.drop(states)
            mask = src != PAD
            h0 = torch.tanh(self.bridge(torch.cat([last[-2], last[-1]], dim=1)))
            return states, self.attn(states), mask, h0.unsqueeze(0)

        def attend(self, dec_states: Any, states: Any, keys: Any, mask: Any) -> Any:
            """Logits (batch, steps, letters) from decoder states (batch, steps, dec)."""
            scores = torch.bmm(dec_states, keys.transpose(1, 2)).masked_fill(
                ~mask.unsqueeze(1), -1e9
            )
            ctx = torch.bmm(torch.softmax(scores, dim=2), states)
            mixed = torch.tanh(self.mix(self.drop(torch.cat([dec_states, ctx], dim=2))))
            return self.out(self.drop(mixed))

        def step(self, y: Any, h: Any, states: Any, keys: Any, mask: Any) -> tuple[Any, Any]:
            """One decoder step: logits of the next letter (batch, letters) and the new state."""
            dec_states, h = self.decoder(self.tgt_emb(y).unsqueeze(1), h)
            return self.attend(dec_states, states, keys, mask).squeeze(1), h

        def forward(self, src: Any, lengths: Any, tgt_in: Any) -> Any:
            """Teacher-forced logits (batch, target length, letters)."""
            states, keys, mask, h = self.encode(src, lengths)
            dec_states, _ = self.decoder(self.drop(self.tgt_emb(tgt_in)), h)
            return self.attend(self.drop(dec_states), states, keys, mask)

    return Net()


def beam_search(
    net: Any, src: Any, lengths: Any, beam: int, max_len: int
) -> list[list[tuple[list[int], float]]]:
    """Batched beam search: per source word, up to ``beam`` (letter ids, log-probability), best first."""
    import torch

    n = src.shape[0]
    states, keys, mask, h = net.encode(src, lengths)
    rep = functools.partial(torch.repeat_interleave, repeats=beam, dim=0)
    states, keys, mask = rep(states), rep(keys), rep(mask)
    h = torch.repeat_interleave(h, beam, dim=1)
    scores = torch.full((n, beam), float("-inf"))
    scores[:, 0] = 0.0
    y = torch.full((n * beam,), BOS, dtype=torch.long)
    done = torch.zeros(n * beam, dtype=torch.bool)
    history = torch.zeros(n * beam, 0, dtype=torch.long)
    for _ in range(max_len):
        logits, h = net.step(y, h, states, keys, mask)
        logp = torch.log_softmax(logits, dim=1)
        # a finished hypothesis only extends with padding, at no cost
        logp[done] = float("-inf")
        logp[done, PAD] = 0.0
        vocab = logp.shape[1]
        total = (scores.reshape(-1, 1) + logp).reshape(n, beam * vocab)
        scores, flat = total.topk(beam, dim=1)
        origin = (flat // vocab + torch.arange(n).unsqueeze(1) * beam).reshape(-1)
        y = (flat % vocab).reshape(-1)
        h, history = h[:, origin], torch.cat([history[origin], y.unsqueeze(1)], dim=1)
        done = done[origin] | (y == EOS) | (y == PAD)
        if bool(done.all()):
            break
    out: list[list[tuple[list[int], float]]] = []
    rows = history.tolist()
    for i in range(n):
        hyps = []
        for b in range(beam):
            score = float(scores[i, b])
            if score == float("-inf"):
                continue
            ids = [t for t in rows[i * beam + b] if t not in (PAD, EOS)]
            hyps.append((ids, score))
        out.append(hyps)
    return out


# -- the shipped model --------------------------------------------------------------


@dataclass
class Model:
    """The network with its alphabets, and the exact word table."""

    net: Any
    source_letters: str
    target_letters: str
    table: dict[str, tuple[str, float]]
    meta: dict[str, Any]

    def encode_words(self, forms: Sequence[str]) -> tuple[Any, Any]:
        """Source forms as a padded id tensor and their lengths."""
        import torch

        index = {c: i + len(SPECIALS) for i, c in enumerate(self.source_letters)}
        ids = [[index.get(c, UNK) for c in f[:MAX_SOURCE]] or [UNK] for f in forms]
        width = max(len(x) for x in ids)
        src = torch.tensor([x + [PAD] * (width - len(x)) for x in ids], dtype=torch.long)
        return src, torch.tensor([len(x) for x in ids], dtype=torch.long)

    def decode(
        self, forms: Sequence[str], k: int = 1, beam: int = BEAM
    ) -> list[list[tuple[str, float]]]:
        """Model candidates (spelling, probability) for each source form, best first, in batches."""
        import math

        import torch

        beam = max(beam, k)
        out: list[list[tuple[str, float]]] = []
        with torch.inference_mode():
            for start in range(0, len(forms), BATCH):
                chunk = forms[start : start + BATCH]
                src, lengths = self.encode_words(chunk)
                max_len = int(lengths.max()) * MAX_TARGET_RATIO + 4
                for hyps in beam_search(self.net, src, lengths, beam, max_len):
                    seen: dict[str, float] = {}
                    for ids, score in hyps:
                        text = "".join(
                            self.target_letters[t - len(SPECIALS)]
                            for t in ids
                            if t >= len(SPECIALS)
                        )
                        if text and text not in seen:
                            seen[text] = math.exp(score)
                    out.append(list(seen.items())[:k])
        return out


def load(folder: Path = MODEL_DIR) -> Model:
    """Read a model folder (weights.npz, meta.json, table.tsv.gz)."""
    import numpy as np
    import torch

    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    net = build_net(
        len(SPECIALS) + len(meta["source_letters"]),
        len(SPECIALS) + len(meta["target_letters"]),
        meta["dims"],
    )
    with np.load(folder / WEIGHTS) as arrays:
        state = {name: torch.from_numpy(arrays[name].astype(np.float32)) for name in arrays.files}
    net.load_state_dict(state)
    net.eval()
    return Model(net, meta["source_letters"], meta["target_letters"], read_table(folder), meta)


def read_table(folder: Path = MODEL_DIR, name: str = TABLE) -> dict[str, tuple[str, float]]:
    """A model folder's word table: source form -> (spelling, share); empty when it has none."""
    table: dict[str, tuple[str, float]] = {}
    path = folder / name
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                form, spelling, share = line.rstrip("\n").split("\t")
                table[form] = (spelling, float(share))
    return table


@functools.cache
def _shipped_table() -> dict[str, tuple[str, float]]:
    return read_table(MODEL_DIR)


@functools.cache
def lexicon() -> dict[str, tuple[str, float]]:
    """The dictionary that labels read: each word's majority spelling over every split of the name lists.

    Unlike the word table (train rows only, so that the held-out figures stay
    held out), it keeps the dev and test words too: the commonest names are
    among them (see the model card). Falls back to the word table when the
    model folder has no dictionary. Built by ``rasad train translit --lexicon-only``.
    """
    return read_table(MODEL_DIR, LEXICON) or word_table()


def word_table() -> dict[str, tuple[str, float]]:
    """The word table in use: the loaded model's, else the shipped one read alone (no network, no torch)."""
    return _model.table if _model is not None else _shipped_table()


_model: Model | None = None
_lock = threading.Lock()


def model() -> Model:
    """The shipped model, loaded once per process (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from rasad.extract.ner.kernels import configure_torch

                configure_torch()  # rasad's thread policy: one per free core (2 on a busy core is ~30x slower here)
                _model = load()
                log.info("transliteration model loaded: %d table words", len(_model.table))
    return _model


@contextlib.contextmanager
def using(m: Model) -> Iterator[None]:
    """Within the block, the API uses ``m`` instead of the shipped model (training's scoring, tests)."""
    global _model
    with _lock:
        saved, _model = _model, m
    _cache.clear()
    try:
        yield
    finally:
        with _lock:
            _model = saved
        _cache.clear()


# -- the API -------------------------------------------------------------------------


class _LRU:
    """A thread-safe least-recently-used map of (form, k) to candidates."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, int], tuple[tuple[str, float], ...]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> tuple[tuple[str, float], ...] | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: tuple[str, int], value: tuple[tuple[str, float], ...]) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_cache = _LRU(CACHE_SIZE)
_decode_lock = threading.Lock()


def _candidates_many(forms: Sequence[str], k: int) -> list[list[tuple[str, float]]]:
    """Table entry first (when present), then the model's beam, for each source form.

    For ``k == 1`` a table word is not decoded at all.
    """
    m = model()
    todo = [f for f in forms if k > 1 or f not in m.table]
    with _decode_lock:  # one decoding at a time: each already uses the process's torch threads
        decoded = dict(zip(todo, m.decode(todo, k), strict=True)) if todo else {}
    out = []
    for form in forms:
        row: list[tuple[str, float]] = [m.table[form]] if form in m.table else []
        row += [c for c in decoded.get(form, ()) if not row or c[0] != row[0][0]]
        out.append(row[:k])
    return out


def transliterate(word: str, lang: str, k: int = 1) -> list[tuple[str, float]]:
    """Up to ``k`` lower-case Latin spellings of one Arabic-script word, with scores, best first.

    The table's spelling (score: its share of the training weight) comes first when
    the word is in the table; the model's beam follows (score: the spelling's
    probability under the model, modest because training smoothed the labels: compare
    scores within one word). A word without Arabic letters comes back lower-cased,
    unaccented.
    """
    return transliterate_many([word], lang, k)[0]


def transliterate_many(
    words: Iterable[str], lang: str, k: int = 1
) -> list[list[tuple[str, float]]]:
    """:func:`transliterate` for many words; those not in the cache are decoded in batches."""
    words = list(words)
    forms = [source_form(w, lang) for w in words]
    found = {f: _cache.get((f, k)) for f in set(forms) if f}
    missing = sorted(f for f, v in found.items() if v is None)
    if missing:
        for form, cands in zip(missing, _candidates_many(missing, k), strict=True):
            found[form] = tuple(cands)
            _cache.put((form, k), found[form])
    out: list[list[tuple[str, float]]] = []
    for word, form in zip(words, forms, strict=True):
        if form:
            out.append(_restored(list(found[form] or ()), word))
        else:
            plain = "".join(latin_key(fold(word)).split())
            out.append([(plain, 1.0)] if plain else [])
    return out


def _restore(spelling: str, word: str, rule: tuple[str, str, str, str]) -> str:
    """``spelling`` with a letter the Persian map lost put back (``TRANSLIT_RESTORE``).

    ``rule``: (Persian letter, Arabic letter it was read as, Latin letters the model
    writes for that, Latin letter put back). The i-th run of those Latin letters stands
    for the i-th Persian or Arabic letter of the word; when the counts differ the
    spelling is left alone.
    """
    letter, mapped, latins, latin = rule
    marks = [c == letter for c in fold(word) if c in (letter, mapped)]
    runs = list(re.finditer(f"[{re.escape(latins)}]+", spelling))
    if not any(marks) or len(runs) != len(marks):
        return spelling
    out, last = [], 0
    for run, restore in zip(runs, marks, strict=True):
        out += [spelling[last : run.start()], latin if restore else run.group()]
        last = run.end()
    return "".join([*out, spelling[last:]])


def _restored(cands: list[tuple[str, float]], word: str) -> list[tuple[str, float]]:
    """Candidates with the letters of ``TRANSLIT_RESTORE`` put back (the first of equal spellings kept)."""
    rules = [(c, *rule) for c, rule in restore_for().items() if c in word]
    if not rules:
        return cands
    out: dict[str, float] = {}
    for spelling, score in cands:
        for rule in rules:
            spelling = _restore(spelling, word, rule)
        out.setdefault(spelling, score)
    return list(out.items())


@functools.cache
def restore_for() -> dict[str, tuple[str, str, str]]:
    """The Persian folder's ``TRANSLIT_RESTORE``."""
    from rasad import lang as lang_folders

    return dict(lang_folders.table("TRANSLIT_RESTORE").get("fa", {}))


# -- whole names ----------------------------------------------------------------------

#: Particles of Arabic names (folded) and how English news writes them; lower-case
#: inside a name (Mohammed bin Salman), capitalised first. ``ال`` alone is the
#: folded آل, "family of" (Al Saud).
NAME_PARTICLES: dict[str, str] = {
    "بن": "bin",
    "ابن": "ibn",
    "بنت": "bint",
    "ابو": "Abu",
    "ابی": "Abi",
    "ال": "Al",
}
#: Name parts joined to the next word before transliteration, as the data writes
#: them as one word (عبد الله → Abdullah, عبد الرحمن → Abdulrahman).
JOINED_TO_NEXT = frozenset({"عبد"})
#: An Arabic word starting with the article and at least this many letters in all is
#: written "al-" + the rest (الحسيني → al-Husseini); shorter ones (الله) are one word.
ARTICLE_MIN_LETTERS = 5
_ARTICLE = "ال"


def title_case(spelling: str) -> str:
    """Capitalised, also after a hyphen (abdul-rahman → Abdul-Rahman), not after an apostrophe."""
    return "-".join(part[:1].upper() + part[1:] for part in spelling.split("-"))


def _has_article(word: str, form: str, lang: str) -> bool:
    """An Arabic word written with the article: plain alef + lam (not أل, a foreign name's first letters)."""
    return lang == "ar" and word.startswith(_ARTICLE) and len(form) >= ARTICLE_MIN_LETTERS


def transliterate_name(name: str, lang: str) -> str:
    """A full name in Latin letters, each word title-cased (``محمد بن سلمان`` → ``Mohammed bin Salman``).

    Words are transliterated one by one (table, else model); عبد is joined to the
    next word; بن, ابن, بنت, ابو, آل are written as English writes them; an Arabic
    word with the article becomes ``al-`` + the rest. Latin words are kept as written.
    """
    words = [w for w in (re.sub(r"[^\w\u200c]", "", w) for w in name.split()) if w]
    parts: list[tuple[str, str]] = []  # (kind, text): kind "particle", "latin", "word" or "article"
    i = 0
    while i < len(words):
        word = words[i]
        form = source_form(word, lang)
        if not form:
            parts.append(("latin", word))
        elif form in JOINED_TO_NEXT and i + 1 < len(words) and source_form(words[i + 1], lang):
            parts.append(("word", word + words[i + 1]))
            i += 1
        elif fold(word) in NAME_PARTICLES and len(words) > 1 and i + 1 < len(words):
            parts.append(("particle", NAME_PARTICLES[fold(word)]))
        elif _has_article(word, form, lang):
            parts.append(("article", word[len(_ARTICLE) :]))
        else:
            parts.append(("word", word))
        i += 1
    arabic = [text for kind, text in parts if kind in ("word", "article")]
    spelt = iter(c[0][0] if c else "" for c in transliterate_many(arabic, lang, 1))
    out: list[str] = []
    for kind, text in parts:
        if kind == "latin":
            out.append(text)
        elif kind == "particle":
            out.append(title_case(text) if not out else text)
        elif kind == "article":
            out.append(("Al-" if not out else "al-") + title_case(next(spelt)))
        else:
            out.append(title_case(next(spelt)))
    return " ".join(w for w in out if w.strip("-"))
