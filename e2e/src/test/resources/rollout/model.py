"""A pipeline step for the rollout tests: writes an Iris-shaped classifier package (model.onnx and
signature.json: input `features` [N,4], outputs `label` [N] and `probabilities` [N,3]) into the
output folder, and the accuracy it is told into the metrics file, so that the test decides what the
registry's gate sees and how the version behaves once served.

Usage: model.py <good|failing|disagreeing|slow> <accuracy> <output folder>

- good: fixed weights, answers every row.
- disagreeing: the same probabilities, but the class names of its labels in reverse order, so
  its label differs from a good model's for every row not predicted as the middle class.
- failing: the label is looked up by the row's first feature (floor), so a row whose first feature
  is 3 or more fails inside ONNX Runtime (Gather index out of range). The gateway's warm-up batch
  (all ones) passes, so the version loads and serves, then fails on the tests' requests (5.1).
- slow: like good, plus a chain of 192 MatMuls of 256x256 per row (6.4 GFLOP; a chain of 48 had a
  15 ms median on one core of the 2-core development machine at load 40, too close to the tests'
  15 ms p99 limit).

The model's doc string carries a digest of the step's inputs, so every dataset version makes a
different artifact.
"""
import hashlib
import json
import os
import sys

import numpy as np
from onnx import TensorProto, checker, helper, numpy_helper

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
CLASSES = ["setosa", "versicolor", "virginica"]
WEIGHTS = [[0.5, 0.1, -0.6], [1.0, -0.4, -0.6], [-2.0, 0.2, 1.8], [-1.0, -0.2, 1.2]]


def ints(name, values):
    return helper.make_node(
        "Constant", [], [name], value=numpy_helper.from_array(np.array(values, dtype=np.int64)))


def label_nodes(behaviour):
    if behaviour != "failing":
        table = "reversed_classes" if behaviour == "disagreeing" else "classes"
        return [
            helper.make_node("ArgMax", ["probabilities"], ["index"], axis=1, keepdims=0),
            helper.make_node("Gather", [table, "index"], ["label"], axis=0),
        ]
    return [
        ints("first", [0]),
        ints("one", [1]),
        ints("column_axis", [1]),
        helper.make_node("Slice", ["features", "first", "one", "column_axis"], ["x0"]),
        helper.make_node("Floor", ["x0"], ["x0_floor"]),
        helper.make_node("Cast", ["x0_floor"], ["index2"], to=TensorProto.INT64),
        helper.make_node("Squeeze", ["index2", "column_axis"], ["index"]),
        helper.make_node("Gather", ["classes", "index"], ["label"], axis=0),
    ]


def slow_nodes(logits_in, logits_out, matmuls=192, size=256):
    nodes = [
        ints("shape", [size, size]),
        ints("row_axes", [1]),
        helper.make_node(
            "ConstantOfShape", ["shape"], ["w"],
            value=numpy_helper.from_array(np.array([1.0 / size], dtype=np.float32))),
        helper.make_node("ReduceSum", ["features", "row_axes"], ["row_sum"], keepdims=1),
        helper.make_node("Unsqueeze", ["row_sum", "row_axes"], ["row_sum3"]),
        helper.make_node("Mul", ["w", "row_sum3"], ["m0"]),
    ]
    for i in range(matmuls):
        nodes.append(helper.make_node("MatMul", [f"m{i}", "w"], [f"m{i + 1}"]))
    nodes += [
        helper.make_node("ReduceMean", [f"m{matmuls}"], ["bias"], axes=[1, 2], keepdims=0),
        helper.make_node("Unsqueeze", ["bias", "row_axes"], ["bias2"]),
        # The same number added to every class of a row changes no probability.
        helper.make_node("Add", [logits_in, "bias2"], [logits_out]),
    ]
    return nodes


def model(behaviour, digest):
    logits = "logits0" if behaviour == "slow" else "logits"
    nodes = [helper.make_node("MatMul", ["features", "weights"], [logits])]
    if behaviour == "slow":
        nodes += slow_nodes("logits0", "logits")
    nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1))
    nodes += label_nodes(behaviour)
    weights = numpy_helper.from_array(np.array(WEIGHTS, dtype=np.float32), "weights")
    classes = helper.make_tensor(
        "classes", TensorProto.STRING, [3], [c.encode() for c in CLASSES])
    reversed_classes = helper.make_tensor(
        "reversed_classes", TensorProto.STRING, [3], [c.encode() for c in reversed(CLASSES)])
    graph = helper.make_graph(
        nodes,
        "sluice-e2e-rollout",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 4])],
        [
            helper.make_tensor_value_info("label", TensorProto.STRING, ["batch"]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 3]),
        ],
        initializer=[weights, classes, reversed_classes],
    )
    result = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="sluice-e2e",
        doc_string=f"{behaviour} model from inputs {digest}")
    result.ir_version = 7
    checker.check_model(result)
    return result


def signature():
    return {
        "inputs": [{"name": "features", "datatype": "FP32", "shape": [-1, 4],
                    "featureNames": FEATURES}],
        "outputs": [{"name": "label", "datatype": "BYTES", "shape": [-1]},
                    {"name": "probabilities", "datatype": "FP32", "shape": [-1, 3]}],
        "classNames": CLASSES,
        "featureNames": FEATURES,
    }


def digest_of_inputs():
    digest = hashlib.sha256()
    folders = sorted(v for k, v in os.environ.items() if k.startswith("SLUICE_INPUT_"))
    for folder in folders:
        for root, _, files in sorted(os.walk(folder)):
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as f:
                    digest.update(f.read())
    return digest.hexdigest()


def main():
    behaviour, accuracy, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    if behaviour not in ("good", "failing", "disagreeing", "slow"):
        sys.exit(f"unknown behaviour {behaviour!r}: good, failing, disagreeing or slow")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "model.onnx"), "wb") as f:
        f.write(model(behaviour, digest_of_inputs()).SerializeToString())
    with open(os.path.join(out, "signature.json"), "w") as f:
        json.dump(signature(), f)
    with open(os.environ["SLUICE_METRICS_FILE"], "w") as f:
        json.dump({"accuracy": accuracy}, f)


if __name__ == "__main__":
    main()
