#!/usr/bin/python3
"""Writes a slow Iris-shaped ONNX model: it really computes (a chain of square MatMuls) for tens of
milliseconds per row of the batch (a batch of 100 rows takes seconds), then answers like the Iris model (input `features`
[N,4], outputs `label` [N] strings and `probabilities` [N,3]).

The chain's operand is a ConstantOfShape node, not an initializer, so the file stays a few hundred
bytes; each row's chain starts from the sum of its features, so ONNX Runtime cannot fold it away at
load time. Every element of the chain stays equal to sum/size, so nothing overflows.

Usage: /usr/bin/python3 bench/serving/slow_model.py OUT.onnx [matmuls] [size]
(Debian's python3-onnx; the default 72 MatMuls of 256x256 take ~50 ms on one core here: 16 ms for 24.)
"""
import sys

import numpy as np
from onnx import TensorProto, checker, helper, numpy_helper

out = sys.argv[1]
matmuls = int(sys.argv[2]) if len(sys.argv) > 2 else 72
size = int(sys.argv[3]) if len(sys.argv) > 3 else 256

def ints(name, values):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.array(values, dtype=np.int64)))


nodes = [
    ints("shape", [size, size]),
    ints("row_axes", [1]),
    ints("matrix_axes", [1, 2]),
    helper.make_node("ConstantOfShape", ["shape"], ["w"], value=numpy_helper.from_array(np.array([1.0 / size], dtype=np.float32))),
    # One [size, size] matrix per row, filled with that row's feature sum / size: [N, size, size].
    helper.make_node("ReduceSum", ["features", "row_axes"], ["row_sum"], keepdims=1),
    helper.make_node("Unsqueeze", ["row_sum", "row_axes"], ["row_sum3"]),
    helper.make_node("Mul", ["w", "row_sum3"], ["m0"]),
]
for i in range(matmuls):
    nodes.append(helper.make_node("MatMul", [f"m{i}", "w"], [f"m{i + 1}"]))
nodes += [
    helper.make_node("ReduceMean", [f"m{matmuls}"], ["bias"], axes=[1, 2], keepdims=0),
    helper.make_node("Unsqueeze", ["bias", "row_axes"], ["bias2"]),
    helper.make_node("MatMul", ["features", "weights"], ["logits0"]),
    # Adding the same number to every class of a row changes no probability, but keeps the chain.
    helper.make_node("Add", ["logits0", "bias2"], ["logits"]),
    helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    helper.make_node("ArgMax", ["probabilities"], ["index"], axis=1, keepdims=0),
    helper.make_node("Gather", ["classes", "index"], ["label"], axis=0),
]
weights = numpy_helper.from_array(
    np.array([[0.5, 0.1, -0.6], [1.0, -0.4, -0.6], [-2.0, 0.2, 1.8], [-1.0, -0.2, 1.2]], dtype=np.float32), "weights")
classes = helper.make_tensor("classes", TensorProto.STRING, [3], [b"setosa", b"versicolor", b"virginica"])
graph = helper.make_graph(
    nodes,
    "sluice-slow-matmul",
    [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 4])],
    [
        helper.make_tensor_value_info("label", TensorProto.STRING, ["batch"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 3]),
    ],
    initializer=[weights, classes],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="sluice-bench")
model.ir_version = 7
checker.check_model(model)
with open(out, "wb") as f:
    f.write(model.SerializeToString())
