"""Turns the exported float32 neural core (export.py's output) into what Herald ships: the same network with the
weights of its LSTMs and matrix products in int8 (ONNX Runtime dynamic quantization: int8 weights, activations
quantized per run), because on the 2-core machines Herald targets those products are nearly all of the accurate
profile's time and int8 runs them ~1.4x faster with the same EWT dev scores (measured: 86 -> 60 ms of CPU per news
article for the network; UPOS / UAS / LAS 0.9643 / 0.9018 / 0.8751 -> 0.9643 / 0.9018 / 0.8752). The character CNN
stays float32 (ConvInteger was slower), and so does the arc scorer's head prior (a matrix-vector product).

Steps: ONNX Runtime's basic graph optimizations fold constants (export.py's label scorer weight is a permute +
reshape of a parameter, which dynamic quantization only sees once it is one constant [D, L*D] matrix); that matrix
is made an initializer; `quantize_dynamic` (per-tensor, signed int8 weights) rewrites LSTM and MatMul nodes; the
graph is saved with its weights as external data in core.onnx.data. The words, the inventories and the PyTorch
check outputs are copied; core.check.json gains this graph's own outputs, computed here by ONNX Runtime (Python)
on the same sentences with the input conventions of conventions.py, which `npm run check:neural` requires
onnxruntime-node to reproduce exactly.

Activations are quantized with one scale per tensor, that is per batch of sentences: a sentence's tags and arcs
can depend on the sentences run with it (0.4% of EWT dev words differ between each sentence run alone and run
with its document, the scores do not).

    python3 training/neural/quantize.py --src training/neural/run/export --out models/neural

Needs the Python packages onnx and onnxruntime (pip; tested with onnx 1.23.1, onnxruntime 1.30.0), no torch.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from conventions import MAX_CHARS, ROOT, UNK, char_ids, word_key  # noqa: E402

COPIED = ('core.words.txt', 'core.check.json')


def fold_constants(src, dst):
    """ONNX Runtime's basic (standard-op) optimizations, constant folding among them, saved to `dst`."""
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    so.optimized_model_filepath = dst
    so.add_session_config_entry('session.optimized_model_external_initializers_file_name', os.path.basename(dst) + '.data')
    so.add_session_config_entry('session.optimized_model_external_initializers_min_size_in_bytes', '1024')
    ort.InferenceSession(src, so, providers=['CPUExecutionProvider'])


def constant_label_weight(m):
    """The label scorer's [D, L, D] weight reaches its MatMul through a Reshape to [D, L*D] whose shape is computed
    at run time; replace that Reshape's output by the reshaped constant so quantization sees a constant B."""
    inits = {i.name: i for i in m.graph.initializer}
    producer = {o: n for n in m.graph.node for o in n.output}
    found = 0
    for n in m.graph.node:
        if n.op_type != 'MatMul':
            continue
        r = producer.get(n.input[1])
        if r is None or r.op_type != 'Reshape' or r.input[0] not in inits:
            continue
        w = numpy_helper.to_array(inits[r.input[0]])
        assert w.ndim == 3, f'{n.name}: expected the [D, L, D] label weight, got {w.shape}'
        name = n.name.strip('/').replace('/', '_') + '_B'
        m.graph.initializer.append(numpy_helper.from_array(np.ascontiguousarray(w.reshape(w.shape[0], -1)), name))
        n.input[1] = name
        found += 1
    assert found == 1, f'expected one label-scorer MatMul, found {found}'
    prune(m)


def prune(m):
    """Drops nodes whose outputs nothing reads, then initializers no node reads."""
    while True:
        need = {o.name for o in m.graph.output}
        for n in m.graph.node:
            need.update(n.input)
        keep = [n for n in m.graph.node if any(o in need for o in n.output)]
        if len(keep) == len(m.graph.node):
            break
        del m.graph.node[:]
        m.graph.node.extend(keep)
    need = {x for n in m.graph.node for x in n.input}
    keep = [i for i in m.graph.initializer if i.name in need]
    del m.graph.initializer[:]
    m.graph.initializer.extend(keep)


def vector_matmuls(m):
    """MatMul nodes whose constant B is a vector (the arc scorer's head prior): left in float32, as the int8
    kernels take matrices only."""
    dims = {i.name: len(i.dims) for i in m.graph.initializer}
    return [n.name for n in m.graph.node if n.op_type == 'MatMul' and dims.get(n.input[1]) == 1]


def session(path):
    """A session as Herald opens one (src/nlp/neural/runtime.ts): one thread, sequential, all optimizations, arena."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.enable_cpu_mem_arena = True
    so.enable_mem_pattern = False
    return ort.InferenceSession(path, so, providers=['CPUExecutionProvider'])


def reference_outputs(out, checks):
    """This graph's argmax tags, heads and labels on each check sentence run alone, as check-neural.ts reads
    them (heads over every position, ROOT included; the label of each word's argmax head)."""
    meta = json.load(open(os.path.join(out, 'core.json'), encoding='utf-8'))
    with open(os.path.join(out, 'core.words.txt'), encoding='utf-8') as f:
        lines = f.read().split('\n')
    words = {w: i for i, w in enumerate(lines) if i < 3 or w != ''}
    chars = {c: i for i, c in enumerate(meta['chars'])}

    class Chars:
        get = staticmethod(lambda c: chars.get(c, UNK))

    s = session(os.path.join(out, 'core.onnx'))
    refs = []
    for c in checks:
        forms = c['forms']
        n = len(forms)
        w = np.zeros((1, n + 1), dtype=np.int64)
        ch = np.zeros((1, n + 1, MAX_CHARS), dtype=np.int64)
        w[0, 0] = ROOT
        ch[0, 0, 0] = ROOT
        for i, x in enumerate(forms):
            w[0, i + 1] = words.get(word_key(x), UNK)
            cid = char_ids(x, Chars)
            ch[0, i + 1, :len(cid)] = cid
        upos, xpos, arc, rel = s.run(['upos', 'xpos', 'arc', 'rel'], {'words': w, 'chars': ch, 'lengths': np.array([n + 1], dtype=np.int32)})
        heads = arc[0, 1:].argmax(-1)
        refs.append({
            'upos': [meta['upos'][i] for i in upos[0, 1:].argmax(-1).tolist()],
            'xpos': [meta['xpos'][i] for i in xpos[0, 1:].argmax(-1).tolist()],
            'argmax_heads': heads.tolist(),
            'argmax_rels': [meta['rels'][int(rel[0, i + 1, h])] for i, h in enumerate(heads.tolist())],
        })
    return refs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--src', required=True, help="export.py's output folder (float32)")
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    src_model = onnx.load(os.path.join(args.src, 'core.onnx'), load_external_data=False)
    assert not any(n.op_type.startswith('DynamicQuantize') for n in src_model.graph.node), f'{args.src} is already quantized'
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folded = os.path.join(tmp, 'folded.onnx')
        fold_constants(os.path.join(args.src, 'core.onnx'), folded)
        m = onnx.load(folded)
        constant_label_weight(m)
        plain = os.path.join(tmp, 'plain.onnx')
        onnx.save(m, plain, save_as_external_data=True, all_tensors_to_one_file=True, location='plain.onnx.data', size_threshold=1024)
        quant = os.path.join(tmp, 'quant.onnx')
        quantize_dynamic(plain, quant, op_types_to_quantize=['LSTM', 'MatMul'], weight_type=QuantType.QInt8, per_channel=False,
                         nodes_to_exclude=vector_matmuls(m), extra_options={'MatMulConstBOnly': True})
        q = onnx.load(quant)
    for f in ('core.onnx', 'core.onnx.data'):
        p = os.path.join(args.out, f)
        if os.path.exists(p):
            os.remove(p)  # onnx appends to an existing data file
    onnx.save(q, os.path.join(args.out, 'core.onnx'), save_as_external_data=True, all_tensors_to_one_file=True,
              location='core.onnx.data', size_threshold=1024)
    os.chmod(os.path.join(args.out, 'core.onnx.data'), 0o644)  # onnx writes it owner-only
    if os.path.abspath(args.src) != os.path.abspath(args.out):
        for f in COPIED:
            shutil.copyfile(os.path.join(args.src, f), os.path.join(args.out, f))
    meta = json.load(open(os.path.join(args.src, 'core.json'), encoding='utf-8'))
    meta['quantized'] = (f'int8 weights for LSTM and MatMul (ONNX Runtime {ort.__version__} quantize_dynamic, per tensor, '
                         'QInt8; activations quantized per run); character CNN and the arc head prior float32; '
                         'training/neural/quantize.py')
    with open(os.path.join(args.out, 'core.json'), 'w', encoding='utf-8') as f:
        json.dump(meta, f, ensure_ascii=False, indent=1)
    check_path = os.path.join(args.out, 'core.check.json')
    check = json.load(open(check_path, encoding='utf-8'))
    check['onnx'] = {'runtime': f'onnxruntime {ort.__version__} (Python)', 'sentences': reference_outputs(args.out, check['sentences'])}
    with open(check_path, 'w', encoding='utf-8') as f:
        json.dump(check, f, ensure_ascii=False)
    agree = sum(a == b for c, r in zip(check['sentences'], check['onnx']['sentences'])
                for k in ('upos', 'xpos', 'argmax_heads', 'argmax_rels') for a, b in zip(c[k], r[k]))
    total = sum(len(c['forms']) * 4 for c in check['sentences'])
    print('quantized', os.path.join(args.out, 'core.onnx'), os.path.getsize(os.path.join(args.out, 'core.onnx.data')),
          'bytes of data; agreement with PyTorch (float32) on the check sentences:', round(agree / total, 4))


if __name__ == '__main__':
    main()
