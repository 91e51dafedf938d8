"""The neural core's input conventions, shared by training (common.py), the int8 step (quantize.py) and, in
TypeScript, `src/nlp/neural/core.ts`: the word key, the character ids and the reserved ids. No torch here, so that
quantize.py runs with onnx and onnxruntime alone.
"""
MAX_CHARS = 20
PAD, UNK, ROOT = 0, 1, 2  # word and char ids reserved at the start of both vocabularies

_FOLD = {'\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2013': '-', '\u2014': '--', '\u00a0': ' '}


def word_key(form):
    """The key a form is looked up under in the vector table: lower-cased, typographic quotes and dashes folded."""
    s = ''.join(_FOLD.get(c, c) for c in form)
    return s.lower()


def char_ids(form, chars):
    """`chars` maps a character to its id (`.get` answering UNK for the others)."""
    if len(form) > MAX_CHARS:
        form = form[: MAX_CHARS - 1] + form[-1]
    return [chars.get(c) for c in form]
