"""Stanza tokenisation and NER for French, Arabic and English, offline by default.

This is the only module that imports stanza. It builds one `stanza.Pipeline` per language,
lazily, once per process (guarded by a lock, so threads may share it), runs it in batches and
converts every Document into `ingest.annotated.Annotated` at its boundary: offsets index the
ORIGINAL text, labels are PER, LOC, ORG or MISC.

Model resolution, in order:
1. official Stanza models when `NLPConfig.models_dir` (or the `STANZA_RESOURCES_DIR`
   environment variable) holds a `resources.json` and a `<lang>/ner/` folder;
2. the models bundled in this package (`ingest/data/models/<lang>/`: tokenize.pt, mwt.pt for
   fr/en, loaded only with `NLPConfig.expand_mwt`, ner.pt, pretrain.pt; rebuilt by
   `python -m ingest.training.train <lang>`);
3. a Stanza download, only when `NLPConfig.allow_download` is true (off by default).
Nothing in the default path touches the network.

Arabic: the text is normalised with `normalize_arabic` (alef/ya/ta marbuta; length-preserving)
before tagging, as the training data was. The NER was trained on ANERcorp, whose tokens keep
attached clitics ("ومالي"), so an entity span that starts with a conjunction or preposition
(و ف ب ل, "لل") is trimmed to the name ("مالي"), using the model's own word-frequency ranks.
Must not import graph or app.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.annotated import Annotated, EntitySpan, Sentence, Token
from ingest.gc_pause import gc_paused
from ingest.normalize import normalize_arabic

if TYPE_CHECKING:
    import stanza

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "ar", "en")
BUNDLED_DIR = Path(__file__).resolve().parent / "data" / "models"
#: Texts are cut into chunks of at most this many characters (at line breaks when possible)
#: before tagging, so a 1 MB article is processed piecewise with bounded memory.
MAX_CHUNK_CHARS = 20_000
#: Sentences per NER forward pass. Stanza's default is 32; 128 tags the same entities ~8% faster
#: on one CPU core (fewer, larger LSTM calls; Stanza sorts a batch by length, so padding stays low).
NER_BATCH_SIZE = 128
_LABELS = {"PER": "PER", "PERS": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC",
           "ORG": "ORG", "NORP": "MISC", "MISC": "MISC"}

try:  # the shared error hierarchy (ingest/errors.py) when present
    from ingest.errors import IngestError, ModelNotFound, UnsupportedLanguage  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - until ingest/errors.py lands
    class IngestError(Exception):  # type: ignore[no-redef]
        """Root of ingest errors."""

        code = "ingest_error"

    class ModelNotFound(IngestError):  # type: ignore[no-redef]
        """No Stanza model could be found for a language."""

        code = "model_not_found"

    class UnsupportedLanguage(IngestError):  # type: ignore[no-redef]
        """The language has no NLP pipeline."""

        code = "unsupported_language"


@dataclass(frozen=True)
class NLPConfig:
    """Where Stanza models come from. The default uses the bundled models, offline."""

    models_dir: Path | None = None  # official-layout Stanza models (else STANZA_RESOURCES_DIR)
    allow_download: bool = False
    # NER tags tokens, not words: the bundled MWT expander ("du" -> "de le") changes no entity
    # and costs 17% of French tagging time, so it is loaded only on request.
    expand_mwt: bool = False


@dataclass
class _Loaded:
    pipeline: Any
    source: str
    lock: threading.Lock
    rank: Any = None  # word -> frequency rank (Arabic prefix trimming), or None


_PIPELINES: dict[tuple[str, Path | None, bool, bool], _Loaded] = {}
_BUILD_LOCK = threading.Lock()


def _official_dir(config: NLPConfig) -> Path | None:
    if config.models_dir is not None:
        return Path(config.models_dir)
    env = os.environ.get("STANZA_RESOURCES_DIR")
    return Path(env) if env else None


def _has_official(root: Path | None, lang: str) -> bool:
    return bool(root and (root / "resources.json").is_file() and (root / lang / "ner").is_dir()
                and any((root / lang / "ner").glob("*.pt")))


def _bundled_paths(lang: str, root: Path = BUNDLED_DIR) -> dict[str, Path]:
    d = root / lang
    paths = {"tokenize": d / "tokenize.pt", "ner": d / "ner.pt", "pretrain": d / "pretrain.pt"}
    if (d / "mwt.pt").is_file():
        paths["mwt"] = d / "mwt.pt"
    return paths


def _build_bundled(lang: str, root: Path = BUNDLED_DIR, *, pretokenized: bool = False,
                   expand_mwt: bool = False) -> Any:
    import stanza

    paths = _bundled_paths(lang, root)
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise ModelNotFound(f"bundled Stanza model files missing for {lang!r}: {', '.join(missing)}; "
                            f"rebuild them with `python -m ingest.training.train {lang}`")
    use_mwt = expand_mwt and "mwt" in paths and not pretokenized
    processors = "tokenize,mwt,ner" if use_mwt else "tokenize,ner"
    kwargs: dict[str, Any] = {
        "dir": str(root / lang), "processors": processors, "download_method": None,
        "tokenize_model_path": str(paths["tokenize"]), "ner_model_path": str(paths["ner"]),
        "ner_pretrain_path": str(paths["pretrain"]), "logging_level": "ERROR", "use_gpu": False,
        "tokenize_pretokenized": pretokenized, "ner_batch_size": NER_BATCH_SIZE,
    }
    if use_mwt:
        kwargs["mwt_model_path"] = str(paths["mwt"])
    return stanza.Pipeline(lang, **kwargs)


@contextmanager
def _without_training_optimizers() -> Iterator[None]:
    """While a pipeline loads: Stanza's tokenizer trainer builds an Adam optimizer that only
    training uses, and the first optimizer a process builds imports `torch._dynamo` (1.2-3 s
    of one core, measured on the 2-core box; a third of a worker's start-up). Inference never
    touches it, so the pipelines this module loads get none. Held under `_BUILD_LOCK`."""
    from stanza.models.common import utils

    saved = utils.get_optimizer
    utils.get_optimizer = _no_optimizer
    try:
        yield
    finally:
        utils.get_optimizer = saved


def _no_optimizer(*args: Any, **kwargs: Any) -> None:
    return None


def _build(lang: str, config: NLPConfig) -> _Loaded:
    with _without_training_optimizers():
        return _build_pipeline(lang, config)


def _build_pipeline(lang: str, config: NLPConfig) -> _Loaded:
    import stanza

    official = _official_dir(config)
    try:
        if _has_official(official, lang):
            log.info("nlp_pipeline_load lang=%s source=official dir=%s", lang, official)
            pipe = stanza.Pipeline(lang, dir=str(official), processors="tokenize,mwt,ner",
                                   download_method=None, logging_level="ERROR", use_gpu=False,
                                   ner_batch_size=NER_BATCH_SIZE)
            source = f"official:{official}"
        elif (BUNDLED_DIR / lang / "ner.pt").is_file():
            log.info("nlp_pipeline_load lang=%s source=bundled", lang)
            pipe = _build_bundled(lang, expand_mwt=config.expand_mwt)
            source = "bundled"
        elif config.allow_download:
            target = official or Path.home() / "stanza_resources"
            log.info("nlp_pipeline_load lang=%s source=download dir=%s", lang, target)
            pipe = stanza.Pipeline(lang, dir=str(target), processors="tokenize,mwt,ner",
                                   logging_level="ERROR", use_gpu=False, ner_batch_size=NER_BATCH_SIZE)
            source = f"download:{target}"
        else:
            raise ModelNotFound(f"no Stanza model for {lang!r}: no official models in {official}, no bundled "
                                f"models in {BUNDLED_DIR / lang}, and downloads are disabled "
                                "(set NLPConfig.allow_download=True or rebuild the bundled models)")
    except IngestError:
        raise
    except Exception as e:  # stanza raises many kinds: translate at the boundary
        raise ModelNotFound(f"could not load the Stanza pipeline for {lang!r}: {e}") from e
    rank = _load_rank(lang) if lang == "ar" and source == "bundled" else None
    return _Loaded(pipe, source, threading.Lock(), rank)


def _load_rank(lang: str) -> dict[str, int]:
    """Word -> frequency rank from the bundled pretrain vocabulary (word2vec sorts by frequency)."""
    from stanza.models.common.pretrain import Pretrain

    pt = Pretrain(str(BUNDLED_DIR / lang / "pretrain.pt"), save_to_file=False)
    vocab = pt.vocab
    return {vocab.id2unit(i): i for i in range(len(vocab))}


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise UnsupportedLanguage(f"no NLP pipeline for language {lang!r}; supported: {', '.join(LANGUAGES)}")


def _get(lang: str, config: NLPConfig | None) -> _Loaded:
    _check_lang(lang)
    config = config or NLPConfig()
    key = (lang, config.models_dir, config.allow_download, config.expand_mwt)
    loaded = _PIPELINES.get(key)
    if loaded is None:
        with _BUILD_LOCK:
            loaded = _PIPELINES.get(key)
            if loaded is None:
                loaded = _build(lang, config)
                _PIPELINES[key] = loaded
    return loaded


def get_pipeline(lang: str, config: NLPConfig | None = None) -> stanza.Pipeline:
    """The process-wide Stanza pipeline for `lang` (built on first use).

    Raises:
        UnsupportedLanguage: `lang` is not fr, ar or en.
        ModelNotFound: no model could be resolved or loaded.
    """
    return _get(lang, config).pipeline


def set_threads(n: int) -> None:
    """Let the models use `n` threads in this process (torch's intra-op pool)."""
    import torch

    if torch.get_num_threads() != n:
        torch.set_num_threads(n)


def loaded_languages() -> list[str]:
    """Languages whose pipeline is already loaded in this process (for readiness checks)."""
    return sorted({lang for lang, *_ in _PIPELINES})


def clear_pipelines() -> None:
    """Forget every loaded pipeline (tests; a reload follows on next use)."""
    with _BUILD_LOCK:
        _PIPELINES.clear()


def pipeline_source(lang: str, config: NLPConfig | None = None) -> str:
    """Where the pipeline of `lang` was loaded from: "bundled", "official:DIR" or "download:DIR"."""
    return _get(lang, config).source


def annotate(text: str, lang: str, config: NLPConfig | None = None) -> Annotated:
    """Tokenise and tag one text (see `annotate_many`)."""
    return annotate_many([text], lang, config)[0]


def _chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split `text` into (offset, piece) at line breaks (else spaces) with len(piece) <= limit."""
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + limit)
        if end < n:
            cut = text.rfind("\n", start + limit // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + limit // 2, end)
            if cut > start:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def annotate_many(texts: Sequence[str], lang: str, config: NLPConfig | None = None) -> list[Annotated]:
    """Tokenise and tag many texts in one batched Stanza call.

    Empty or whitespace-only texts give an Annotated with no sentences. Offsets index each
    original text. Thread-safe: calls on the same pipeline are serialised.

    Raises:
        UnsupportedLanguage, ModelNotFound: see `get_pipeline`.
    """
    import stanza

    loaded = _get(lang, config)
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
    for i, text in enumerate(texts):
        for off, piece in _chunks(text):
            if piece.strip():
                pieces.append((i, off, normalize_arabic(piece) if lang == "ar" else piece))
    results = [Annotated(text=t, lang=lang) for t in texts]
    if not pieces:
        return results
    docs = [stanza.Document([], text=p) for _, _, p in pieces]
    # Stanza's Documents are object graphs with back-references (word <-> token <-> sentence):
    # with the collector paused, French tagging runs ~16% faster (5.3 s vs 6.3 s CPU per 2,000 test sentences).
    with gc_paused():
        try:
            with loaded.lock:
                docs = loaded.pipeline.bulk_process(docs)
        except Exception as e:
            raise IngestError(f"Stanza failed on a {lang!r} batch of {len(texts)} texts: {e}") from e
        for (i, off, _), doc in zip(pieces, docs, strict=True):
            results[i].sentences.extend(_convert(doc, texts[i], off, lang, loaded.rank))
    return results


def _convert(doc: Any, original: str, off: int, lang: str, rank: dict[str, int] | None) -> list[Sentence]:
    out: list[Sentence] = []
    for sent in doc.sentences:
        if not sent.tokens:
            continue
        tokens = [Token(text=original[off + t.start_char: off + t.end_char], start=off + t.start_char,
                        end=off + t.end_char) for t in sent.tokens]
        start, end = tokens[0].start, tokens[-1].end
        ents = []
        for ent in sent.ents:
            s, e = off + ent.start_char, off + ent.end_char
            label = _LABELS.get(ent.type, "MISC")
            if lang == "ar":
                s = s + _arabic_prefix_len(original[s:e], rank)
            title = _TITLE.match(original[s:e])
            if title and title.end() < e - s:  # "Mme Yael Lampert" -> PER "Yael Lampert"
                s, label = s + title.end(), "PER"
            if e > s:
                ents.append(EntitySpan(text=original[s:e], label=label, start=s, end=e))
        out.append(Sentence(text=original[start:end], start=start, end=end, tokens=tokens, entities=ents))
    return out


#: A courtesy title at the start of an entity span marks a person and is not part of the name.
_TITLE = re.compile(r"(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|السيد|السيدة)\s+")
_AR_WORD = re.compile(r"\S+")
_UNSEEN = 10**9


def _arabic_prefix_len(span: str, rank: dict[str, int] | None) -> int:
    """How many leading characters of an Arabic entity span are an attached clitic.

    و/ف (and), ب (in/with), ل (for/to) are stripped when the rest is the more frequent word in
    the training data ("ومالي" -> "مالي", but "واشنطن" and "لعمامرة" stay) or starts with the
    article ("والجزائر" -> "الجزائر"); "لل" + noun ("للأمم") loses its first ل.
    """
    m = _AR_WORD.match(span)
    if not m:
        return 0
    word = normalize_arabic(m.group(0))
    if len(word) < 4:
        return 0
    r = rank or {}
    for n in (2, 1):
        prefix, rest = word[:n], word[n:]
        if n == 2 and prefix in ("وب", "ول", "فب", "فل", "وك") and len(rest) >= 3:
            if rest.startswith("ال") or r.get(rest, _UNSEEN) < r.get(word, _UNSEEN):
                return 2
        if n == 2 and prefix == "لل" and len(rest) >= 2:
            return 1
        if n == 1 and prefix in "وفبل":
            if rest.startswith("ال") and len(rest) >= 4:
                return 1
            if r.get(rest, _UNSEEN) < min(r.get(word, _UNSEEN), _UNSEEN):
                return 1
    return 0


def tag_pretokenized(sentences: Sequence[Sequence[str]], lang: str, model_dir: Path) -> list[list[str]]:
    """BIOES NER tags for already-tokenised sentences with the models in `model_dir/<lang>`.

    Used by the training script's evaluation (the gold tokenisation is kept); not cached.
    """
    _check_lang(lang)
    pipe = _build_bundled(lang, Path(model_dir).parent if Path(model_dir).name == lang else Path(model_dir),
                          pretokenized=True)
    out: list[list[str]] = []
    batch = 2000
    for i in range(0, len(sentences), batch):
        doc = pipe([list(s) for s in sentences[i:i + batch]])
        out.extend([t.ner for t in s.tokens] for s in doc.sentences)
    return out
