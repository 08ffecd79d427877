"""Who did what to whom, read from the dependency tree of the trigger's sentence.

Language-neutral: the words that matter (prepositions, particles, support
verbs) come from the language folder (:mod:`rasad.lang`). Given the trigger's
word in a :class:`~rasad.extract.syntax.Tree`:

1. **Predicate.** The trigger word is the predicate, unless it is the noun of a
   light-verb or support-verb construction (``compound:lvc``, or the object or
   oblique of a support verb: "دیدار کرد", "قام بزيارة"); then that verb's
   clause supplies the subject too.
2. **Actor.** The predicate's ``nsubj``; a conjunct or controlled verb without
   one takes its first conjunct's or controller's. A verbal noun's bare genitive
   (``nmod`` without a preposition: "زيارة الوزير", "سفر وزیر") is its actor when
   no subject is found. A passive's agent (``obl:agent``) is the actor.
3. **Recipient.** The passive subject (``nsubj:pass``: the affected party), the
   object, and obliques whose preposition is one of the language's
   ``RECIPIENT_CASES``; places among them are the location instead.
4. **Location.** An oblique with a locative preposition whose mention is a place.
5. **Names.** A role word stands for the person named in it (apposition, flat
   name: "وزير خارجية إيران، عباس عراقجي" is the person), else the mention it is
   part of, else the organisation or country its title names. Conjuncts
   (``conj``) add their own names.

Modality comes from the same tree (:func:`tree_modality`): a negation particle
or negative verb form on the predicate, a future auxiliary or prefix, a
conditional marker on the predicate's clause or a clause above it, a modal
("may", "can") governing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from rasad.doc import Doc
from rasad.extract.syntax import Tree
from rasad.extract.views import fold

PERSON_TYPES = frozenset({"PER"})
PARTICIPANTS = frozenset({"PER", "ORG", "GPE"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
#: Demonyms ("البريطانية"), linked to their country: the party a title or body belongs to.
DEMONYMS = frozenset({"NORP"})
#: Relations under which a role word's own name is looked for.
NAME_RELS = frozenset({"appos", "flat", "compound", "nmod", "amod", "fixed"})
#: Relations that link a clause to the one above it, through which a subject is inherited.
SUBJECT_LINKS = frozenset({"conj", "xcomp", "ccomp"})
#: Relations that embed a clause whose markers (a conditional "if") govern it.
CLAUSE_LINKS = frozenset({"advcl", "ccomp", "xcomp", "csubj", "acl", "conj"})
#: Types whose complement clause's subject is the target ("claimed that X had paid ...").
COMPLEMENT_TARGET_TYPES = frozenset({"ACCUSE"})
#: How many clause heads are climbed when looking for a governing modal or marker.
MAX_CLIMB = 3


@dataclass(slots=True)
class Roles:
    """Mention indices per role, as the tree gives them."""

    actors: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    location: int | None = None
    has_subject: bool = False  # the tree names a subject (even one with no mention)
    #: mentions the tree puts under an object or oblique
    placed: set[int] = field(default_factory=set)
    #: places the tree puts under a locative ("في نيروبي"): where, not who
    located: set[int] = field(default_factory=set)


def _case_words(tree: Tree, w: int) -> set[str]:
    """Prepositions attached to ``w`` (folded), including a clitic split off it."""
    return {fold(tree.words[c]) for c in tree.children(w, "case")}


def predicate_of(tree: Tree, w: int, folder: ModuleType) -> int:
    """The clause head whose subject is the trigger's actor: the trigger, or its support verb."""
    h = tree.heads[w]
    if h < 0:
        return w
    if tree.rels[w] in ("compound:lvc", "compound") and tree.base(w) == "compound":
        return h
    if tree.base(w) in ("obj", "obl", "nsubj", "xcomp") and folder.support_verb(fold(tree.words[h])):
        return h
    return w


def _subject(tree: Tree, p: int, trigger: int) -> tuple[list[int], list[int]]:
    """``(subjects, passive subjects)`` of ``p``, inherited through conjunction or control.

    The trigger itself is never its own subject ("دیدار انجام شد": the meeting is the light verb's subject).
    """
    seen = 0
    while p >= 0 and seen <= MAX_CLIMB:
        subj = [
            c for c in tree.kids[p]
            if c != trigger and tree.base(c) in ("nsubj", "csubj") and tree.rels[c] != "nsubj:pass"
        ]  # fmt: skip
        passive = [c for c in tree.children(p, "nsubj:pass") if c != trigger]
        if subj or passive:
            # one subject per clause: a second one (not a conjunct) is a parsing slip, the first is
            # kept, with the words right after it (a name the parser cut in two: "خوان<nsubj بيريز<nsubj")
            kept = subj[:1]
            for c in subj[1:]:
                if c == kept[-1] + 1:
                    kept.append(c)
            return kept, passive[:1]
        if tree.base(p) not in SUBJECT_LINKS or (
            tree.base(p) == "ccomp" and tree.children(p, "mark")
        ):
            break  # a complement with its own marker ("که", "أن") is not the host's subject's clause
        p = tree.heads[p]
        seen += 1
    return [], []


def _conjuncts(tree: Tree, w: int) -> list[int]:
    out, stack = [], [w]
    while stack:
        k = stack.pop(0)
        out.append(k)
        stack.extend(c for c in tree.kids[k] if tree.base(c) == "conj")
    return out


def _names(
    doc: Doc,
    tree: Tree,
    w: int,
    by_word: list[list[int]],
    types: frozenset[str],
    titles: bool = True,
) -> list[int]:
    """The mentions role word ``w`` stands for (see the module docstring, point 5).

    ``titles=False``: a title without a name stands for nobody here (the quote
    stage resolves titles against the people the article named).
    """
    out: list[int] = []
    for k in _conjuncts(tree, w):
        own = [i for i in by_word[k] if doc.mentions[i].type in types]
        near = [
            j
            for j in tree.subtree(k)
            if j != k and tree.base(j) in NAME_RELS and tree.heads[j] == k
        ]
        persons = [
            i
            for j in near
            for i in by_word[j]
            if doc.mentions[i].type in PERSON_TYPES and i not in own
        ]
        if own and doc.mentions[own[0]].type in PERSON_TYPES:
            pick = own[:1]
        elif persons and (not own or tree.base(near[0]) in ("appos", "flat")):
            pick = persons[:1]
        elif own:
            pick = own[:1]
        elif not own and (titled := _named_next(doc, tree, k, by_word)):
            # a title right before a name the parser hung elsewhere ("الرئيس سليم ..."): that person
            pick = titled
        elif not titles:
            pick = []
        else:
            # a title without a name: the organisation or country it belongs to ("رئيس الوزراء الإسرائيلي")
            below = [
                i
                for j in tree.subtree(k)
                if j != k
                for i in by_word[j]
                if doc.mentions[i].type in types | DEMONYMS
            ]
            pick = below[:1]  # "الحكومة البريطانية": the demonym's country
        out += [i for i in pick if i not in out]
    return out


def structural_roles(
    doc: Doc, tree: Tree, start: int, end: int, folder: ModuleType, etype: str = "", mode: str = ""
) -> Roles | None:
    """Roles of the trigger at original ``[start, end)``; ``None`` when the tree has no word there.

    ``etype`` and ``mode`` bring in the frame: a visit's bare place ("راهي X") is
    where it goes; an allegation's complement subject is who is accused.
    """
    w = tree.word_at(start, end)
    if w is None:
        return None
    by_word = tree.mentions_by_word(doc)
    p = predicate_of(tree, w, folder)
    roles = Roles()
    subj, passive = _subject(tree, p, w)
    # "حمایت شد" (compound): passive; "خواستار شد" (xcomp, an adjective that "became"): active
    if p != w and tree.base(w) == "compound" and folder.passive_verb(fold(tree.words[p])):
        subj, passive = (
            [],
            subj + passive,
        )  # "از X حمایت شد": the light verb's subject undergoes the act
    roles.has_subject = bool(subj or passive)
    for s in subj:
        roles.actors += [
            i for i in _names(doc, tree, s, by_word, PARTICIPANTS) if i not in roles.actors
        ]
    for s in passive:
        roles.recipients += [
            i for i in _names(doc, tree, s, by_word, PARTICIPANTS) if i not in roles.recipients
        ]
    heads = [w] if p == w else [w, p]
    for h in heads:
        for c in tree.kids[h]:
            rel, base = tree.rels[c], tree.base(c)
            if c == w:
                continue
            cases = _case_words(tree, c)
            if base in ("obj", "iobj") or (
                base in ("obl", "nmod") and cases & folder.RECIPIENT_CASES
            ):
                roles.placed.update(i for j in tree.subtree(c) for i in by_word[j])
            if (
                rel == "obl:agent"
                or cases & folder.AGENT_CASES
                or fold(tree.words[c]) in folder.AGENT_CASES
            ):
                roles.actors += [
                    i for i in _names(doc, tree, c, by_word, PARTICIPANTS) if i not in roles.actors
                ]
                continue
            if base in ("obl", "nmod") and cases & folder.LOCATION_CASES:
                places = _names(doc, tree, c, by_word, PLACES)
                roles.located.update(i for i in places if doc.mentions[i].type in PLACES)
                if places and roles.location is None:
                    roles.location = places[0]
                continue
            if base == "obj" or (
                base in ("obl", "nmod", "iobj") and cases & folder.RECIPIENT_CASES
            ):
                names = _names(doc, tree, c, by_word, PARTICIPANTS | PLACES)
                for i in names:
                    if doc.mentions[i].type in PARTICIPANTS and i not in roles.recipients:
                        roles.recipients.append(i)
                continue
            if (h == w and base == "nmod" and not cases and not roles.actors and w != p) or (
                h == w == p and base == "nmod" and not cases and not roles.has_subject
            ):
                # a verbal noun's bare genitive is its agent ("زيارة الوزير", "سفر وزیر")
                roles.actors += [
                    i for i in _names(doc, tree, c, by_word, PARTICIPANTS) if i not in roles.actors
                ]
    # a visit's place hanging from the trigger ("راهي فرانسه", "زيارة مصر") is its destination
    if mode == "visit":
        for c in tree.children(w, "nmod", "obj", "obl"):
            places = [
                i for i in _names(doc, tree, c, by_word, PLACES) if doc.mentions[i].type in PLACES
            ]
            if places:
                roles.location = roles.location if roles.location is not None else places[0]
                roles.placed.update(places)
                roles.recipients = [i for i in roles.recipients if i not in places]
    # an allegation's content names the accused: "مدعی شد دولت X ... داده است"
    if etype in COMPLEMENT_TARGET_TYPES and not roles.recipients:
        for c in tree.children(p, "ccomp"):
            subj, _ = _subject(tree, c, w)
            for s in subj:
                roles.recipients += [
                    i
                    for i in _names(doc, tree, s, by_word, PARTICIPANTS)
                    if i not in roles.recipients
                ]
    # "X و Y با یکدیگر دیدار کردند", "التقى X و Y ببعضهما": the first acts, the others are met
    if len(roles.actors) > 1 and any(
        fold(tree.words[c]) in folder.RECIPROCALS
        for h in {w, p}
        for c in tree.children(h, "obl", "nmod", "obj")
    ):
        roles.recipients = [*roles.actors[1:], *roles.recipients]
        roles.actors = roles.actors[:1]
    # "بين X و Y": the parties of an agreement or talks, wherever the phrase hangs below the trigger
    for j in tree.subtree(w):
        if j != w and _case_words(tree, j) & folder.BETWEEN_CASES and tree.heads[j] >= 0:
            parties = _names(doc, tree, j, by_word, PARTICIPANTS)
            if parties and not roles.actors:
                roles.actors.append(parties.pop(0))
            roles.recipients += [
                i for i in parties if i not in roles.recipients and i not in roles.actors
            ]
            break
    # "أكد دعمه", "اعلام حمایتش": a verbal noun with a possessive pronoun is the host subject's own act
    if (
        not roles.actors
        and p == w
        and tree.base(w) in ("obj", "ccomp", "xcomp")
        and tree.heads[w] >= 0
    ) and folder.self_reference(fold(tree.words[w])):
        host_subj, _ = _subject(tree, tree.heads[w], w)
        for s in host_subj:
            roles.actors += [
                i for i in _names(doc, tree, s, by_word, PARTICIPANTS) if i not in roles.actors
            ]
    roles.recipients = [
        i for i in roles.recipients if i not in roles.actors and not _glued(doc, roles.actors, i)
    ]
    return roles


def _named_next(doc: Doc, tree: Tree, k: int, by_word: list[list[int]]) -> list[int]:
    """The person whose name starts at the word right after word ``k``, a noun with no name of its own.

    A bare noun right before a person's name is a title in apposition to it,
    whatever the parser did with the name.
    """
    if k + 1 >= len(tree.words):
        return []
    return [i for i in by_word[k + 1] if doc.mentions[i].type in PERSON_TYPES][:1]


def _glued(doc: Doc, actors: list[int], i: int) -> bool:
    """Whether person ``i`` continues an actor's name with nothing but spaces between ("سليم" "حسن كرمان")."""
    m = doc.mentions[i]
    if m.type not in PERSON_TYPES:
        return False
    return any(
        doc.mentions[a].type in PERSON_TYPES
        and doc.mentions[a].end <= m.start
        and not doc.text[doc.mentions[a].end : m.start].strip()
        for a in actors
    )


def modal_scope(
    tree: Tree, start: int, end: int, folder: ModuleType
) -> tuple[tuple[int, int], list[int]] | None:
    """Where a modality marker of the trigger may stand: its predicate's clause and the heads above.

    ``((lo, hi), heads)``: the original-text span of the predicate's subtree
    (without conjoined or paratactic clauses) and the words it hangs from, up
    to :data:`MAX_CLIMB` levels ("إمكانية تصدير", "ممکن است ... کند").
    """
    w = tree.word_at(start, end)
    if w is None:
        return None
    p = predicate_of(tree, w, folder)
    span = tree.span(p, ("conj", "parataxis"))
    return span, tree.ancestors(p)[:MAX_CLIMB]


def tree_modality(tree: Tree, start: int, end: int, folder: ModuleType) -> set[str]:
    """Modalities marked in the tree for the trigger at ``[start, end)``: negated, planned, conditional, hypothetical."""
    w = tree.word_at(start, end)
    if w is None:
        return set()
    p = predicate_of(tree, w, folder)
    found: set[str] = set()
    heads = [w] if p == w else [w, p]
    if p == w and tree.heads[w] >= 0 and tree.base(w) in ("obj", "obl", "iobj", "nsubj"):
        heads.append(tree.heads[w])  # "ستفرض عقوبات", "لن تفرض عقوبات": the governing verb's tense and polarity
    for h in heads:
        word = fold(tree.words[h])
        if folder.negative_verb(word):
            found.add("negated")
        if folder.future_verb(word):
            found.add("planned")
        for c in tree.children(
            h, "advmod", "aux", "mark", "cop", "det", "cc", "discourse", "fixed"
        ):
            cw = fold(tree.words[c])
            if cw in folder.NEGATION or (
                folder.negative_verb(cw) and tree.base(c) in ("aux", "cop")
            ):
                found.add("negated")
            if cw in folder.FUTURE:
                found.add("planned")
            if cw in folder.HYPOTHETICAL:
                found.add("hypothetical")
            if cw in folder.CONDITIONAL and tree.base(c) == "mark":
                found.add("conditional")
    # markers of the clauses above: "if they attack", "may visit", "refused to meet"
    k, climbed = p, 0
    while tree.heads[k] >= 0 and tree.base(k) in CLAUSE_LINKS and climbed < MAX_CLIMB:
        link = tree.base(k)
        h = tree.heads[k]
        hw = fold(tree.words[h])
        if link in ("xcomp", "ccomp", "csubj") and hw in folder.HYPOTHETICAL:
            found.add("hypothetical")
        if link == "xcomp" and (
            folder.negative_verb(hw)
            or any(
                fold(tree.words[c]) in folder.NEGATION for c in tree.children(h, "advmod", "aux")
            )
        ):
            found.add("negated")  # "did not agree to meet"
        if link == "advcl":
            marks = {fold(tree.words[c]) for c in tree.children(k, "mark")}
            if marks & folder.CONDITIONAL:
                found.add("conditional")
        k, climbed = h, climbed + 1
    return found


@dataclass(slots=True)
class Subject:
    """The subject of a word, as the quote stage needs it."""

    names: list[int]  # mentions it names (a person in apposition to a title first)
    span: tuple[int, int]  # original-text span of the subject phrase
    pronoun: bool  # a personal pronoun ("وی", "هو"): it refers back


def subject_of(doc: Doc, tree: Tree, start: int, end: int, folder: ModuleType, types: frozenset[str]) -> Subject | None:
    """The subject of the word at ``[start, end)`` (``None`` when the tree gives it none).

    The quote stage's speaker: the subject of the cue verb ("قال وزير الخارجية
    الإيراني، عباس عراقجي، إن" names the person in apposition).
    """
    w = tree.word_at(start, end)
    if w is None:
        return None
    p = predicate_of(tree, w, folder)
    subj, _ = _subject(tree, p, w)
    if not subj:
        return None
    by_word = tree.mentions_by_word(doc)
    names = _names(doc, tree, subj[0], by_word, types, titles=False)
    pronoun = fold(tree.words[subj[0]]) in folder.PRONOUNS
    return Subject(names, tree.span(subj[0], ("acl", "acl:relcl", "advcl", "ccomp", "parataxis")), pronoun)


def back_reference(tree: Tree, start: int, end: int, folder: ModuleType) -> bool:
    """Whether the trigger noun at ``[start, end)`` refers back to an event already reported.

    A noun (not a verb's light-verb construction) placed "during" or "after"
    something (``DURING_CASES``, or hanging from a time-frame noun in
    ``DURING_HEADS``) that is referential: a possessive pronoun ("خلال لقائه"), a
    definite article ("على هامش الزيارة") or a demonstrative ("در جریان این دیدار").
    """
    w = tree.word_at(start, end)
    if w is None or predicate_of(tree, w, folder) != w or tree.base(w) not in ("obl", "nmod"):
        return False
    h = tree.heads[w]
    placed = bool(_case_words(tree, w) & folder.DURING_CASES) or (
        h >= 0 and fold(tree.words[h]) in folder.DURING_HEADS
    )
    word = fold(tree.words[w])
    demonstrative = any(tree.base(c) == "det" for c in tree.kids[w])
    return placed and (folder.self_reference(word) or folder.definite(word) or demonstrative)
