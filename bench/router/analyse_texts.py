"""The synthetic texts of bench/router/analyse_parity.py and tests/e2e/test_analyse_parity.py: per clinic, texts made
to reach the edges of the router's own analysis (services/router/analyse.c) and of the SQL it ports. Kept apart from
the driver so that the test imports it without the benchmark modules (which read their command line at import)."""
import random
import re

from kbscore_lists import TRIGGERS

# The synthetic texts' material. Between two words: mostly a space, else punctuation, quotes, braces and backslashes
# (what a text[] literal escapes), emoji (astral characters, a skin tone, a variation selector), a zero-width space,
# no-break spaces, line breaks, the danda and double danda (separators: outside kb_raw_words' Devanagari range).
SEPARATORS = (", ", ". ", "? ", "!", "...", " - ", "/", "'", "\u2019", "_", "\t", "\n", "\r\n", " \U0001f64f ",
              "\U0001f600", "\U0001f44d\U0001f3fd", " \u2764\ufe0f ", "(", ") ", ":", ";", "@", "#", "\u00a0", "\u0964",
              " \u0965 ", '"', "\\", "{", "}", ",", "\u200b", "&", "+", "\u20b9", "\u3000")
# the precomposed nukta letters (U+0958-U+095F) and the letter each folds to; U+093C the nukta sign itself
NUKTA = dict(zip("\u0958\u0959\u095a\u095b\u095c\u095d\u095e\u095f",
                 "\u0915\u0916\u0917\u091c\u0921\u0922\u092b\u092f"))
JOINERS = ("\u200c", "\u200d")  # folded away: inside a word they join its halves, between two words they join those
DEVANAGARI_SEED = ("फ़ीस", "ज़रूरी", "तकलीफ़", "फ़ोन", "रोज़", "बड़ा", "डॉक्टर", "समय", "क्या", "है", "कब", "दवाई",
                   "हफ़्ते")
DIGIT_WORDS = ("2", "10", "500", "2024", "10am", "5pm", "24x7", "a1", "b12", "covid19", "3rd", "1st", "rs500", "500rs",
               "१२", "२०२४", "९am", "0", "007", "1.5", "12:30", "9-5", "+91", "x2", "2x", "abcd1234")
# kb_fold's edges: -ies after three, four, five letters; -s after s, u, a digit, a Devanagari letter; words of 1-3
FOLD_WORDS = ("babies", "ladies", "injuries", "studies", "allergies", "pies", "ties", "fries", "series", "fees",
              "tests", "days", "hours", "class", "glass", "less", "virus", "sinus", "bus", "plus", "us", "is", "has",
              "xs", "abs", "yes", "1s", "ab1s", "12s", "abcies", "abcdies", "ies", "ss", "s", "ab\u0915s", "\u0915s")
NULLS = ("null", "NULL", "Null", "nUlL", "null?", "null null", "nulls", "nullify")
# characters whose lower case may land among the kept ones by a rule the port does not apply (the Kelvin sign's is k,
# the dotted capital I's an i, in a database whose ctype knows them), or outside them (É -> é splits a word)
ODD_CASE = ("\u0130", "\u212a", "\u212b", "\u00c9", "\uff21", "\u0391", "\u1e9e", "\u01c5", "\u216b", "\ufb01",
            "I\u0307", "\u00df", "\u0131", "\u03a3", "\u0400")
BLANKS = ("", " ", "   ", "\t", "\n", " \r\n\t ", "\u00a0", "\u3000", "\u200c", "\u200d\u200c", "\u0964", "...",
          "\U0001f64f", "?!")
KEPT = re.compile("[a-z0-9\u0900-\u0963\u0966-\u097f]+")  # kb_raw_words' word characters, for the vocabulary
DEVANAGARI = re.compile("[\u0900-\u097f]")
LONG = 1000  # RT_ANALYSE_MAX_CHARS: the characters an analysis reads

# the clinics' words: their lexicon's (own and global: kb_lexicon_words holds one-word synonyms, stop words, kb_vocab
# and kb_words), their entries', their multi-word synonyms (own and global)
LEXICON = ("SELECT coalesce(doctor_id::text, ''), word FROM kb_lexicon_words"
           " WHERE doctor_id IS NULL OR doctor_id = ANY (%s::uuid[]) GROUP BY 1, 2 ORDER BY 1, 2")
ENTRIES = ("SELECT doctor_id::text, concat_ws(' ', question, keywords, array_to_string(examples, ' '))"
           " FROM kb_entries WHERE doctor_id = ANY (%s::uuid[]) ORDER BY doctor_id, id")
PHRASES = ("SELECT coalesce(doctor_id::text, ''), term FROM kb_synonyms"
           " WHERE term LIKE '%% %%' AND (doctor_id IS NULL OR doctor_id = ANY (%s::uuid[])) ORDER BY 1, 2")


class Synth:
    """The synthetic texts of one clinic: own (its entries' words, its own lexicon rows and kbscore_lists' TRIGGERS),
    words (those and the global lexicon, mostly words no clinic of the run has), deva (the Devanagari ones), phrases
    (its and the global multi-word synonyms); all sorted; every choice from rnd."""

    def __init__(self, rnd, own, words, phrases):
        self.rnd = rnd
        self.own = own
        self.words = words
        self.deva = [w for w in words if DEVANAGARI.search(w)] or list(DEVANAGARI_SEED)
        self.phrases = phrases
        self.kinds = (self.mixed, self.devanagari, self.folds, self.digits, self.nulls, self.phrase, self.long,
                      self.blank, self.odd_case)

    def text(self, k):
        """The k-th text: the kinds in turn, so that each clinic gets every kind."""
        return self.kinds[k % len(self.kinds)]()

    def word(self):
        """A word, as often the clinic's own as one of the whole lexicon (which would drown them)."""
        return self.rnd.choice(self.own if self.rnd.random() < 0.5 else self.words)

    def case(self, w):
        r = self.rnd.random()
        if r < 0.55:
            return w
        if r < 0.7:
            return w.upper()
        if r < 0.85:
            return w.title()
        return "".join(ch.upper() if self.rnd.random() < 0.5 else ch for ch in w)

    def join(self, words):
        out = []
        for i, w in enumerate(words):
            if i:
                out.append(" " if self.rnd.random() < 0.6 else self.rnd.choice(SEPARATORS))
            out.append(w)
        return "".join(out)

    def sentence(self, lo=3, hi=9):
        return self.join([self.case(self.word()) for _ in range(self.rnd.randint(lo, hi))])

    def around(self, middle):
        """middle inside a sentence: 0-4 words before and after it."""
        before, after = self.sentence(0, 4), self.sentence(0, 4)
        return self.join([s for s in (before, middle, after) if s])

    def mixed(self):
        return self.sentence()

    def nukta(self, w):
        """w with its nukta letters composed or decomposed, its nukta dropped, a joiner inside, or candrabindu."""
        r, rnd = self.rnd.randrange(5), self.rnd
        if r == 0:
            for pre, base in NUKTA.items():
                w = w.replace(base + "\u093c", pre)
        elif r == 1:
            for pre, base in NUKTA.items():
                w = w.replace(pre, base + "\u093c")
        elif r == 2:
            w = "".join(NUKTA.get(ch, ch) for ch in w).replace("\u093c", "")
        elif r == 3:
            at = rnd.randint(1, max(len(w) - 1, 1))
            w = w[:at] + rnd.choice(JOINERS) + w[at:]
        else:
            w = w.replace("\u0902", "\u0901")
        if rnd.random() < 0.2:  # a nukta sign where none belongs, after any character of the word
            at = rnd.randint(1, len(w))
            w = w[:at] + "\u093c" + w[at:]
        return w

    def devanagari(self):
        words = [self.nukta(self.rnd.choice(self.deva)) if self.rnd.random() < 0.6 else self.word()
                 for _ in range(self.rnd.randint(2, 6))]
        text = self.join(words)
        return text + self.rnd.choice(("\u0964", " \u0964", "\u0965", "", "?"))

    def inflect(self, w):
        if not re.fullmatch("[a-z]+", w):
            return w + "s"
        stem = w[:-1] if w.endswith("y") else w
        return self.rnd.choice((w + "s", w + "es", stem + "ies", w + "ss", w + "us", w + "'s"))

    def folds(self):
        words = [self.case(self.word()) for _ in range(self.rnd.randint(1, 5))]
        for _ in range(self.rnd.randint(1, 3)):
            w = self.rnd.choice(FOLD_WORDS) if self.rnd.random() < 0.5 else self.inflect(self.word())
            words.insert(self.rnd.randint(0, len(words)), self.case(w))
        return self.join(words)

    def digits(self):
        w = self.rnd.choice(DIGIT_WORDS)
        if self.rnd.random() < 0.3:  # digits glued to a known word
            v = self.word()
            w = v + w if self.rnd.random() < 0.5 else w + v
        return self.around(w)

    def nulls(self):
        return self.around(self.rnd.choice(NULLS))

    def phrase(self):
        if not self.phrases:
            return self.mixed()
        term = self.rnd.choice(self.phrases)
        words = term.split(" ")
        r = self.rnd.randrange(6)
        if r == 1:
            words = words[:2]
        elif r == 2:  # split by punctuation or a line break: kb_raw_words makes them neighbours again
            words = [words[0] + self.rnd.choice((", ", "\n", "-", "  ", "...", "\u0964")) + words[1]] + words[2:]
        elif r == 3:  # twice in a row: overlapping neighbours
            words = words + words
        elif r == 4:
            words = [self.case(w) for w in words]
        elif r == 5 and DEVANAGARI.search(term):
            words = [self.nukta(w) for w in words]
        return self.around(" ".join(words))

    def long(self):
        """Over 1000 characters; half of them with a word across the 1000th, that word Devanagari a third of times."""
        parts, n = [], 0
        target = self.rnd.randint(LONG + 1, LONG + 600)
        while n < target:
            parts.append(self.sentence(5, 15))
            n += len(parts[-1]) + 1
        text = " ".join(parts)
        if self.rnd.random() < 0.5:
            w = self.rnd.choice(self.deva) if self.rnd.random() < 0.33 else self.word()
            cut = self.rnd.randint(1, max(len(w) - 1, 1))  # characters of w before the 1000th
            text = text[:LONG - cut - 1] + " " + w + " " + text[LONG:]
        return text

    def blank(self):
        return self.rnd.choice(BLANKS)

    def odd_case(self):
        w = self.word()
        at = self.rnd.randint(0, len(w))
        return self.around(w[:at] + self.rnd.choice(ODD_CASE) + w[at:])


def synthetic(cur, doctors, n, seed):
    """n texts a doctor (uuids) from its Synth; the same texts every run for a seed and the same clinics: [(doctor,
    text)], distinct, in their first order."""
    cur.execute(LEXICON, (doctors,))
    lexicon = {"": set()}  # "": the global rows
    for d, w in cur.fetchall():
        lexicon.setdefault(d, set()).add(w)
    cur.execute(ENTRIES, (doctors,))
    for d, text in cur.fetchall():
        lexicon.setdefault(d, set()).update(KEPT.findall(text.lower()))
    cur.execute(PHRASES, (doctors,))
    phrases = {}
    for d, term in cur.fetchall():
        phrases.setdefault(d, []).append(term)
    rnd = random.Random(seed)
    out = {}
    for d in doctors:
        own = lexicon.get(d, set()) | set(TRIGGERS)
        # sorted: a set's order changes from run to run
        synth = Synth(rnd, sorted(own), sorted(own | lexicon[""]), sorted(phrases.get("", []) + phrases.get(d, [])))
        for k in range(n):
            out.setdefault((d, synth.text(k)), None)
    return list(out)
