#!/usr/bin/env python3
"""Reference detectors beside the text engine, on the same labeled file: VADER (no training; a text is a failure when
its compound score is -0.05 or lower) on the rows the engine reads zero-shot, and a TF-IDF model (word 1-2-grams,
logistic regression) trained on the train rows and measured on the test rows.

Usage: bench/baselines.py FILE.csv   (columns text, failure and, for the trained model, split)
Needs: pip install scikit-learn vaderSentiment
"""
import csv
import math
import sys


def figures(actual, predicted):
    tp = sum(1 for a, p in zip(actual, predicted) if a and p)
    tn = sum(1 for a, p in zip(actual, predicted) if not a and not p)
    fp = sum(1 for a, p in zip(actual, predicted) if not a and p)
    fn = sum(1 for a, p in zip(actual, predicted) if a and not p)
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / denominator if denominator else 0.0
    return (tp + tn) / max(1, len(actual)), mcc


def main():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    has_split = rows and "split" in rows[0]
    test = [r for r in rows if r["split"] == "test"] if has_split else rows
    vader = SentimentIntensityAnalyzer()
    actual = [r["failure"] == "1" for r in test]
    predicted = [vader.polarity_scores(r["text"])["compound"] <= -0.05 for r in test]
    accuracy, mcc = figures(actual, predicted)
    print("  VADER (compound <= -0.05), %d rows: accuracy %.4f  MCC %.4f" % (len(test), accuracy, mcc))
    if has_split:
        train = [r for r in rows if r["split"] == "train"]
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)
        model = LogisticRegression(max_iter=2000, C=4.0)
        model.fit(vectorizer.fit_transform([r["text"] for r in train]), [r["failure"] == "1" for r in train])
        predicted = list(model.predict(vectorizer.transform([r["text"] for r in test])))
        accuracy, mcc = figures(actual, predicted)
        print("  TF-IDF 1-2-grams + logistic regression, trained on %d, %d rows: accuracy %.4f  MCC %.4f" % (len(train), len(test), accuracy, mcc))


if __name__ == "__main__":
    main()
