"""Corpus converters of ingest.training (pure Python, no model, no stanza)."""

from __future__ import annotations

from pathlib import Path

from ingest.training import corpora as C


def test_training_coarse_maps_anercorp_and_unknown_tags() -> None:
    assert C.coarse("B-PERS") == "B-PER"
    assert C.coarse("I-LOC") == "I-LOC"
    assert C.coarse("B-Politician") == "O"
    assert C.coarse("O") == "O"


def test_training_repair_bio_opens_stray_inside() -> None:
    sent = [("a", "I-PER"), ("b", "I-PER"), ("c", "I-LOC")]
    assert [t for _, t in C.repair_bio(sent)] == ["B-PER", "I-PER", "B-LOC"]


def test_training_tokenizer_conllu_spacing(tmp_path: Path) -> None:
    path = tmp_path / "t.conllu"
    C.write_tokenizer_conllu([[("بحث", "O"), ("الوزير", "O"), ("،", "O"), ("ليبيا", "B-LOC"), (".", "O")]], path)
    text = path.read_text(encoding="utf-8")
    assert "# text = بحث الوزير، ليبيا." in text
    assert text.count("SpaceAfter=No") == 2


def test_training_split_dev_is_deterministic() -> None:
    sents = [[(str(i), "O")] for i in range(50)]
    assert C.split_dev(sents, 5) == C.split_dev(sents, 5)
    train, dev = C.split_dev(sents, 5)
    assert len(train) == 45 and len(dev) == 5


def test_genre_sentences_tag_titles_outside_entities() -> None:
    from ingest.training.corpora import genre_sentences

    corpus = [[("Antony", "B-PER"), ("Blinken", "I-PER")], [("Libya", "B-LOC")],
              [("African", "B-ORG"), ("Union", "I-ORG")]]
    sents = genre_sentences(corpus, 50, seed=7)
    assert sents == genre_sentences(corpus, 50, seed=7)  # seeded
    for sent in sents:
        tags = dict(sent)
        assert tags.get("Secretary", "O") == "O" and tags.get("Minister", "O") == "O"
        assert all(tag == "O" or tag[2:] in {"PER", "LOC", "ORG"} for _, tag in sent)
    assert any(("Blinken", "I-PER") in s for s in sents)


def test_substitute_persons_replaces_only_per_tokens_and_skips_common_words(tmp_path: Path) -> None:
    gaz = tmp_path / "gazet.txt"
    gaz.write_text("\ufeffسالم\nالملك\nبوعلام\nاسم مركب\n", encoding="utf-8")
    names = C.read_gazetteer(gaz)
    assert names == ["سالم", "الملك", "بوعلام"]  # single-word entries only
    corpus = [[("قال", "O"), ("محمد", "B-PER"), ("علي", "I-PER"), ("في", "O"), ("تونس", "B-LOC")],
              [("الملك", "O"), ("زار", "O"), ("الرباط", "B-LOC")]]
    out = C.substitute_persons(corpus, names, 20, seed=3)
    assert out == C.substitute_persons(corpus, names, 20, seed=3)  # seeded
    for sent in out:
        assert [t for _, t in sent] == ["O", "B-PER", "I-PER", "O", "B-LOC"]
        assert sent[0] == ("قال", "O") and sent[3:] == [("في", "O"), ("تونس", "B-LOC")]
        assert {sent[1][0], sent[2][0]} <= {"سالم", "بوعلام"}  # "الملك" is O in the corpus: left out


def test_arabic_genre_sentences_keep_titles_out_of_person_spans() -> None:
    corpus = [[("محمد", "B-PER"), ("علي", "I-PER")], [("ليبيا", "B-LOC")], [("الجامعه", "B-ORG")]]
    names = [["صبري", "بوقادوم"]]
    sents = C.genre_sentences(corpus, 60, seed=5, lexicon=C.ARABIC_GENRE, extra_persons=names)
    assert sents == C.genre_sentences(corpus, 60, seed=5, lexicon=C.ARABIC_GENRE, extra_persons=names)
    for sent in sents:
        tags = dict(sent)
        assert tags.get("وزير", "O") == "O" and tags.get("الخارجيه", "O") == "O"  # normalised like ANERcorp
        assert all(tag == "O" or tag[2:] in {"PER", "LOC", "ORG"} for _, tag in sent)
    assert any(("بوقادوم", "I-PER") in s for s in sents)


def test_name_lexicon_gives_single_token_given_and_family_names() -> None:
    given, family = C.read_name_lexicon()
    assert len(given) > 1000 and len(family) > 1000
    assert all(" " not in n for n in given[:500] + family[:500])
    full = C.random_full_names(given, family, 50, seed=2)
    assert full == C.random_full_names(given, family, 50, seed=2)
    assert all(2 <= len(n) <= 3 and n[0] in given and n[-1] in family for n in full[:20])
