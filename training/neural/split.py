"""Splits the shipped int8 graph (quantize.py's `core.onnx`) in two, so that Herald scores labels only for the arcs
its decoded tree keeps instead of for every possible arc:

- `core.onnx`, the encoder: the same network without its label scorer's last two products. Its outputs are upos,
  xpos and arc as before and, in place of `rel` (the best label of every arc, [B, T, T]), what the label scorer
  needs: `rel_dep_q` [B, T, D] uint8, each word's dependent vector (with its bias 1) quantized as the int8 graph
  quantized it, with one scale (`rel_dep_scale`) and zero point (`rel_dep_zp`) for the batch, and `rel_head`
  [B, T, D] float32, each word's head vector (with its 1).
- `core.labels.onnx`, the label scorer: for P words, their rows of `rel_dep_q` (under the batch's scale and zero
  point) and the `rel_head` row of the head the tree gave each, the best label ([P, 1] int64): the int8 product
  with the [D, L*D] bilinear weight, then a dot with the head vector for each label.

The int8 graph computed the label product for every word of the padded batch and the dot for every word against
every position (B·T·L·D multiply-adds per word, on top of the L·D² per word of the int8 product), then an argmax
over labels for each of the T² arcs: ~22% of the network's time on news articles (ONNX Runtime's profile,
2026-12-06: the int8 product 12%, the arcs' dots 8%, the argmax 2.5%). Now the product runs only for real words
(not padding, not ROOT) and the dot and argmax only for the kept arc. The quantization of the dependent vectors
is the encoder's, over the same batch tensor as before, so the int8 product gives the same integers; only the
float dot's summation order may differ.

Both graphs read their weights from the same `core.onnx.data` (its offsets are kept; the file is not rewritten).
Needs the Python package onnx only (Debian's python3-onnx 1.12 works):

    python3 training/neural/split.py --dir models/neural
"""
import argparse
import os

import onnx
from onnx import TensorProto, helper

# the tensors of quantize.py's graph (names from torch.onnx.export + quantize_dynamic) the split happens at
CHAR_IDS = '/Reshape_output_0'  # [B*T, C] the characters of every position
CHAR_VEC = '/Reshape_1_output_0'  # [B, T, 100] the character CNN's vector of every position
CHAR_NODES = ('/char_emb/Gather', '/Transpose', '/char_cnn/Conv', '/Relu', '/ReduceMax')  # CHAR_IDS -> [B*T, 100]
REL_DEP = '/Concat_3_output_0'  # [B, T, D] the dependent vectors with their 1, input of the label product
REL_HEAD = '/Concat_4_output_0'  # [B, T, D] the head vectors with their 1
LABEL_W = 'MatMul_3_B'  # the [D, L*D] label weight, quantized: _quantized, _scale, _zero_point


def prune(g):
    """Drops nodes whose outputs nothing reads, then initializers no node reads."""
    while True:
        need = {o.name for o in g.output}
        for n in g.node:
            need.update(n.input)
        keep = [n for n in g.node if any(o in need for o in n.output)]
        if len(keep) == len(g.node):
            break
        del g.node[:]
        g.node.extend(keep)
    need = {x for n in g.node for x in n.input}
    keep = [i for i in g.initializer if i.name in need]
    del g.initializer[:]
    g.initializer.extend(keep)


def arc_prior_as_row(g):
    """The arc scorer's head prior, `ah @ arc_b` ([B, T, 400] x [400] -> [B, T], then unsqueezed to [B, 1, T]), as
    `arc_b` [1, 400] x the [B, 400, T] transpose of `ah` the arc product already makes: ONNX Runtime ran the
    vector product at ~0.15 GFLOP/s (2.7% of the network's time), the row product ~20x faster; the same scores on
    every EWT dev and news word. The [1, 400] initializer reads the same bytes of core.onnx.data."""
    mm = next(n for n in g.node if n.name == '/MatMul_2')
    un = next(n for n in g.node if n.name == '/Unsqueeze_4')
    tr = next(n for n in g.node if n.name == '/Transpose_1')
    assert mm.input[0] == tr.input[0] and list(tr.attribute[0].ints) == [0, 2, 1] and un.input[0] == mm.output[0]
    vec = next(i for i in g.initializer if i.name == mm.input[1])
    assert len(vec.dims) == 1
    row = onnx.TensorProto()
    row.CopyFrom(vec)
    row.name = vec.name + '_row'
    del row.dims[:]
    row.dims.extend([1, vec.dims[0]])
    g.initializer.append(row)
    mm.input[0], mm.input[1] = row.name, tr.output[0]
    mm.output[0] = un.output[0]
    g.node.remove(un)
    g.node.remove(mm)
    g.node.insert(list(g.node).index(tr) + 1, mm)  # after the transpose it now reads, keeping the graph sorted


def rename(g, old, new):
    for n in g.node:
        for k, x in enumerate(n.input):
            if x == old:
                n.input[k] = new
        for k, x in enumerate(n.output):
            if x == old:
                n.output[k] = new


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', default='models/neural')
    args = ap.parse_args()
    path = os.path.join(args.dir, 'core.onnx')
    m = onnx.load(path, load_external_data=False)
    g = m.graph
    assert [o.name for o in g.output] == ['upos', 'xpos', 'arc', 'rel'], f'{path} is not the unsplit graph'
    producer = {o: n for n in g.node for o in n.output}
    dql = producer[REL_DEP + '_quantized']
    assert dql.op_type == 'DynamicQuantizeLinear' and dql.input[0] == REL_DEP
    inits = {i.name: i for i in g.initializer}
    d = next(i for i in g.initializer if i.name == LABEL_W + '_quantized').dims
    D, LD = d[0], d[1]
    L = LD // D
    assert L * D == LD

    # the label scorer, its weight initializers copied (the big one stays a reference into core.onnx.data)
    lw = [onnx.TensorProto() for _ in range(3)]
    for t, suffix in zip(lw, ('_quantized', '_scale', '_zero_point')):
        t.CopyFrom(inits[LABEL_W + suffix])
    shape = helper.make_tensor('labels_shape', TensorProto.INT64, [3], [-1, L, D])
    axes = helper.make_tensor('labels_axes', TensorProto.INT64, [1], [2])
    nodes = [
        helper.make_node('Mul', ['rel_dep_scale', LABEL_W + '_scale'], ['scale'], name='labels/scale'),
        helper.make_node('MatMulInteger', ['rel_dep_q', LABEL_W + '_quantized', 'rel_dep_zp', LABEL_W + '_zero_point'], ['acc'],
                         name='labels/MatMulInteger'),
        helper.make_node('Cast', ['acc'], ['accf'], to=TensorProto.FLOAT, name='labels/Cast'),
        helper.make_node('Mul', ['accf', 'scale'], ['x'], name='labels/Mul'),
        helper.make_node('Reshape', ['x', 'labels_shape'], ['x3'], name='labels/Reshape'),  # [P, L, D]
        helper.make_node('Unsqueeze', ['rel_head', 'labels_axes'], ['h3'], name='labels/Unsqueeze'),  # [P, D, 1]
        helper.make_node('MatMul', ['x3', 'h3'], ['scores'], name='labels/MatMul'),  # [P, L, 1]
        helper.make_node('ArgMax', ['scores'], ['rel'], axis=1, keepdims=0, name='labels/ArgMax'),  # [P, 1]
    ]
    lg = helper.make_graph(
        nodes, 'herald-neural-labels',
        [helper.make_tensor_value_info('rel_dep_q', TensorProto.UINT8, ['P', D]),
         helper.make_tensor_value_info('rel_dep_scale', TensorProto.FLOAT, []),
         helper.make_tensor_value_info('rel_dep_zp', TensorProto.UINT8, []),
         helper.make_tensor_value_info('rel_head', TensorProto.FLOAT, ['P', D])],
        [helper.make_tensor_value_info('rel', TensorProto.INT64, ['P', 1])],
        initializer=lw + [shape, axes])
    lm = helper.make_model(lg, opset_imports=[helper.make_opsetid('', 14)], producer_name='herald training/neural/split.py')
    lm.ir_version = m.ir_version

    # the character CNN on its own: [W, C] character ids of W words -> [W, 100]
    by_name = {n.name: n for n in g.node}
    cnodes = [onnx.NodeProto() for _ in CHAR_NODES]
    for c, name in zip(cnodes, CHAR_NODES):
        c.CopyFrom(by_name[name])
    assert cnodes[0].input[1] == CHAR_IDS
    cnodes[0].input[1] = 'chars'
    cnodes[-1].output[0] = 'char_vec'
    cinit = []
    for n in cnodes:
        for x in n.input:
            if x in inits:
                t = onnx.TensorProto()
                t.CopyFrom(inits[x])
                cinit.append(t)
    cdim = next(i for i in g.initializer if i.name == 'm.char_cnn.weight').dims[0]
    C = g.input[1].type.tensor_type.shape.dim[2].dim_value
    cg = helper.make_graph(
        cnodes, 'herald-neural-chars',
        [helper.make_tensor_value_info('chars', TensorProto.INT64, ['W', C])],
        [helper.make_tensor_value_info('char_vec', TensorProto.FLOAT, ['W', cdim])],
        initializer=cinit)
    cm = helper.make_model(cg, opset_imports=[helper.make_opsetid('', 14)], producer_name='herald training/neural/split.py')
    cm.ir_version = m.ir_version

    # the encoder: the label product and everything after it dropped, its inputs made outputs; the character
    # vectors an input
    assert [i.name for i in g.input] == ['words', 'chars', 'lengths']
    reshape = producer[CHAR_VEC]
    g.node.remove(next(n for n in g.node if n.name == reshape.name))
    rename(g, CHAR_VEC, 'char_vec')
    del g.input[1]
    g.input.insert(1, helper.make_tensor_value_info('char_vec', TensorProto.FLOAT, ['B', 'T', cdim]))
    rename(g, REL_DEP + '_quantized', 'rel_dep_q')
    rename(g, REL_DEP + '_scale', 'rel_dep_scale')
    rename(g, REL_DEP + '_zero_point', 'rel_dep_zp')
    rename(g, REL_HEAD, 'rel_head')
    del g.output[3:]
    g.output.extend([
        helper.make_tensor_value_info('rel_dep_q', TensorProto.UINT8, ['B', 'T', D]),
        helper.make_tensor_value_info('rel_dep_scale', TensorProto.FLOAT, []),
        helper.make_tensor_value_info('rel_dep_zp', TensorProto.UINT8, []),
        helper.make_tensor_value_info('rel_head', TensorProto.FLOAT, ['B', 'T', D]),
    ])
    arc_prior_as_row(g)
    prune(g)
    labels = os.path.join(args.dir, 'core.labels.onnx')
    chars = os.path.join(args.dir, 'core.chars.onnx')
    onnx.save(m, path)
    onnx.save(lm, labels)
    onnx.save(cm, chars)
    for p in (path, labels, chars):
        onnx.checker.check_model(p)  # by path: the external data is found beside it
    print('split', path, len(g.node), 'nodes;', labels, f'{L} labels x {D}d;', chars, f'{C} chars -> {cdim}d')


if __name__ == '__main__':
    main()
