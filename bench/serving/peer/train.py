"""Trains the classic peer's model: scikit-learn's LogisticRegression on examples/iris/iris.csv.

The same class of model as the demo's (a multinomial logistic regression with a softmax over the
classes, which the reference steps train with Tribuo and export to ONNX), on the same rows, so
that the peer and the gateway do the same kind of work per request. Pickled as such users ship it.

Usage: python3 train.py <iris.csv> <model.pkl>
"""

import csv
import pickle
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
LABEL = "species"


def read(path):
    with open(path, newline="") as source:
        rows = list(csv.DictReader(source))
    if not rows:
        sys.exit(f"{path} has no rows")
    features = np.array([[float(row[name]) for name in FEATURES] for row in rows], dtype=np.float32)
    labels = np.array([row[LABEL] for row in rows])
    return features, labels


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: train.py <iris.csv> <model.pkl>")
    features, labels = read(sys.argv[1])
    # lbfgs fits the multinomial (softmax) model for several classes, like the Tribuo one.
    model = LogisticRegression(max_iter=1000).fit(features, labels)
    with open(sys.argv[2], "wb") as target:
        pickle.dump(model, target)
    print(f"trained {type(model).__name__} on {len(labels)} rows, classes {list(model.classes_)},"
          f" training accuracy {model.score(features, labels):.3f}")


if __name__ == "__main__":
    main()
