#!/usr/bin/env python3
"""Sluice example step: train a small PyTorch network on a CSV split and export it as a model package.

Reads train.csv and test.csv (header row, numeric feature columns, one label column), trains a
two-layer network on the GPU when one is given (CUDA_VISIBLE_DEVICES) and on the CPU otherwise,
writes the test accuracy to $SLUICE_METRICS_FILE, and writes <model>/model.onnx and
<model>/signature.json: the public input `features` (FP32 [-1, n], the CSV's column order) and
the outputs `label` (the class name) and `probabilities`, which the serving gateway serves.

Needs Python 3 with torch and onnx (Debian: apt-get install python3-torch python3-onnx).
"""
import argparse
import csv
import json
import os
import pathlib
import sys
import time

import onnx
import torch
from onnx import TensorProto, helper


def read_csv(folder, name, label):
    path = pathlib.Path(folder) / name
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        sys.exit(f"{path} is empty")
    header, body = rows[0], rows[1:]
    if label not in header:
        sys.exit(f"{path} has no label column '{label}' (columns: {', '.join(header)}); pass --label")
    at = header.index(label)
    features = [column for i, column in enumerate(header) if i != at]
    try:
        x = [[float(value) for i, value in enumerate(row) if i != at] for row in body]
    except ValueError as error:
        sys.exit(f"{path}: a feature value is not a number: {error}")
    y = [row[at] for row in body]
    return features, x, y


class Classifier(torch.nn.Module):
    """Scales the raw features inside the graph, so clients send them as they are."""

    def __init__(self, mean, std, classes, hidden):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)
        self.layers = torch.nn.Sequential(
            torch.nn.Linear(mean.shape[0], hidden),
            torch.nn.ReLU(),
            torch.nn.Linear(hidden, classes),
        )

    def forward(self, features):
        return torch.softmax(self.layers((features - self.mean) / self.std), dim=1)


def add_label_output(model_path, classes):
    """Adds `label`: the name of the most probable class (ArgMax, then Gather over the names)."""
    model = onnx.load(model_path)
    graph = model.graph
    names = helper.make_tensor("sluice_class_names", TensorProto.STRING, [len(classes)],
                               [name.encode("utf-8") for name in classes])
    graph.initializer.append(names)
    graph.node.append(helper.make_node("ArgMax", ["probabilities"], ["sluice_label_index"],
                                       axis=1, keepdims=0, name="sluice_label_argmax"))
    graph.node.append(helper.make_node("Gather", ["sluice_class_names", "sluice_label_index"],
                                       ["label"], axis=0, name="sluice_label_gather"))
    graph.output.insert(0, helper.make_tensor_value_info("label", TensorProto.STRING, ["batch"]))
    onnx.checker.check_model(model)
    onnx.save(model, model_path)


def signature(features, classes):
    return {
        "inputs": [{"name": "features", "datatype": "FP32", "shape": [-1, len(features)],
                    "featureNames": features}],
        "outputs": [{"name": "label", "datatype": "BYTES", "shape": [-1]},
                    {"name": "probabilities", "datatype": "FP32", "shape": [-1, len(classes)]}],
        "featureNames": features,
        "classNames": classes,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", required=True, help="folder with train.csv")
    parser.add_argument("--test", required=True, help="folder with test.csv")
    parser.add_argument("--model", required=True, help="output folder for the model package")
    parser.add_argument("--label", default="species", help="the label column (default: species)")
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--hidden", type=int, default=16)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    name = torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"
    print(f"training on {name} (CUDA_VISIBLE_DEVICES={os.environ.get('CUDA_VISIBLE_DEVICES', '')!r})")

    features, train_x, train_y = read_csv(args.train, "train.csv", args.label)
    test_features, test_x, test_y = read_csv(args.test, "test.csv", args.label)
    if test_features != features:
        sys.exit(f"test.csv has columns {test_features}, train.csv {features}")
    classes = sorted(set(train_y))
    index = {label: i for i, label in enumerate(classes)}
    unknown = sorted(set(test_y) - set(classes))
    if unknown:
        sys.exit(f"test.csv has labels never seen in training: {unknown}")

    x = torch.tensor(train_x, dtype=torch.float32)
    y = torch.tensor([index[label] for label in train_y])
    std = x.std(dim=0)
    std[std == 0] = 1.0
    model = Classifier(x.mean(dim=0), std, len(classes), args.hidden).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    x, y = x.to(device), y.to(device)
    started = time.perf_counter()
    for _ in range(args.epochs):
        optimizer.zero_grad()
        loss = torch.nn.functional.nll_loss(torch.log(model(x) + 1e-9), y)
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - started

    model.eval()
    with torch.no_grad():
        predicted = model(torch.tensor(test_x, dtype=torch.float32, device=device)).argmax(dim=1)
        truth = torch.tensor([index[label] for label in test_y], device=device)
        accuracy = (predicted == truth).float().mean().item()
    print(f"{args.epochs} epochs in {seconds:.3f} s ({1000 * seconds / args.epochs:.2f} ms/epoch);"
          f" test accuracy {accuracy:.4f}")

    out = pathlib.Path(args.model)
    out.mkdir(parents=True, exist_ok=True)
    model_path = str(out / "model.onnx")
    model = model.to("cpu")
    torch.onnx.export(model, torch.zeros(1, len(features)), model_path, opset_version=14,
                      input_names=["features"], output_names=["probabilities"],
                      dynamic_axes={"features": {0: "batch"}, "probabilities": {0: "batch"}})
    add_label_output(model_path, classes)
    (out / "signature.json").write_text(json.dumps(signature(features, classes), indent=2) + "\n")

    metrics = os.environ.get("SLUICE_METRICS_FILE")
    if metrics:
        pathlib.Path(metrics).write_text(json.dumps({
            "accuracy": accuracy, "train_rows": len(train_x), "test_rows": len(test_x),
            "epochs": args.epochs, "ms_per_epoch": 1000 * seconds / args.epochs,
            "gpu": 1 if device.type == "cuda" else 0}))


if __name__ == "__main__":
    main()
