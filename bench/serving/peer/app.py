"""The classic peer: a Flask app serving a pickled scikit-learn classifier.

It answers POST /v2/models/<name>/infer (Open Inference Protocol V2, JSON) with the gateway's
response shape: a `label` output and a `probabilities` output with the class names. It is
written as such apps are written (request.get_json, numpy, predict_proba, jsonify), with the
input checks a served model needs, and nothing made faster by hand. The model file is named by
PEER_MODEL (train.py writes it). Run it behind gunicorn (gunicorn.conf.py), as it is deployed.
"""

import os
import pickle
import uuid

import numpy as np
from flask import Flask, jsonify, request

MAX_BATCH = 1024

with open(os.environ["PEER_MODEL"], "rb") as source:
    MODEL = pickle.load(source)
CLASSES = [str(name) for name in MODEL.classes_]
FEATURES = int(MODEL.n_features_in_)

app = Flask(__name__)


class BadRequest(Exception):
    pass


@app.errorhandler(BadRequest)
def bad_request(error):
    return jsonify(error=str(error)), 400


@app.errorhandler(404)
@app.errorhandler(405)
def not_served(error):
    return jsonify(error="only POST /v2/models/<name>/infer is served"), error.code


def first_input(body):
    if not isinstance(body, dict) or not isinstance(body.get("inputs"), list) or not body["inputs"]:
        raise BadRequest("the request needs a non-empty 'inputs' list")
    tensor = body["inputs"][0]
    shape = tensor.get("shape") if isinstance(tensor, dict) else None
    if not isinstance(shape, list) or len(shape) != 2 or shape[1] != FEATURES:
        raise BadRequest(f"the first input needs a shape [rows, {FEATURES}]")
    if not isinstance(shape[0], int) or not 1 <= shape[0] <= MAX_BATCH:
        raise BadRequest(f"a batch has 1 to {MAX_BATCH} rows")
    try:
        rows = np.asarray(tensor.get("data"), dtype=np.float32).reshape(shape)
    except (TypeError, ValueError):
        raise BadRequest("'data' must be numbers that fit the shape")
    return rows


@app.post("/v2/models/<name>/infer")
def infer(name):
    body = request.get_json(force=True, silent=True)
    rows = first_input(body)
    probabilities = MODEL.predict_proba(rows)
    labels = [CLASSES[i] for i in probabilities.argmax(axis=1)]
    return jsonify(
        model_name=name,
        id=body.get("id") or str(uuid.uuid4()),
        outputs=[
            {"name": "label", "datatype": "BYTES", "shape": [len(labels)], "data": labels},
            {
                "name": "probabilities",
                "datatype": "FP32",
                "shape": list(probabilities.shape),
                "parameters": {"class_names": CLASSES},
                "data": probabilities.astype(np.float32).ravel().tolist(),
            },
        ],
    )
