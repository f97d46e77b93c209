"""The learned role reader: the shipped weights, the sample's table through it, the real-news test
split against the bar, and retraining with an analyst's corrections (real model, gazetteer, SQLite)."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from diplomap import role_training, service
from diplomap.pipeline import Pipeline
from diplomap.reading import reading_version
from diplomap.role_eval import RolePlace, score
from diplomap.store import Store
from extraction.role_model import SHIPPED_DIR, UNCERTAIN_BELOW, RoleModel, active_model_dir
from extraction.types import Article
from geo.cache import GeoCache

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
KANDAHAR, KABUL, MAZAR, DUSHANBE, MOSCOW, AFGHANISTAN = (
    "gn:1138336", "gn:1138958", "gn:1133616", "gn:1221874", "gn:524901", "gn:1149361"
)  # fmt: skip
# The floor CI holds the shipped reader to on the test split (bench/roles_news_eval.py --split test):
# 0.586 F1 / 0.597 P when first reported on its first 111 articles; 0.819 / 0.833 for the blend on
# 311 (draw 22 added); 0.841 / 0.861 on all 511 (draw 23 added, third session of 2026-12-07). The
# issue asks 0.85 for both: precision is there, F1 not yet.
TEST_F1_BAR, TEST_P_BAR = 0.81, 0.83


@pytest.fixture(autouse=True)
def own_model_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user model folder of the test's own, so nothing retrained elsewhere leaks in or out."""
    folder = tmp_path_factory.mktemp("user-model")
    monkeypatch.setenv("DIPLOMAP_MODEL_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def pipeline(nlp, gazetteer) -> Pipeline:  # type: ignore[no-untyped-def]
    return Pipeline(nlp, gazetteer, role_model=RoleModel.load(SHIPPED_DIR))


def test_the_shipped_model_is_small_and_says_what_it_learned_from() -> None:
    size = sum(p.stat().st_size for p in SHIPPED_DIR.iterdir())
    assert size < 20_000_000
    meta = json.loads((SHIPPED_DIR / "meta.json").read_text())
    labels = meta["trained_on"]["labels"]
    assert set(labels) >= {"news_roles.jsonl", "roles_gold.jsonl"}
    import hashlib

    # The weights were trained from the label files as committed: a changed label file needs a retrain.
    for name, digest in labels.items():
        assert hashlib.sha256((ROOT / "bench" / "data" / name).read_bytes()).hexdigest()[:16] == digest, name
    assert meta["trained_on"]["articles"]["train"] > 200 and meta["trained_on"]["articles"]["dev"] > 50
    assert 0 <= meta["calibration_dev"]["ece"] < 0.05


def test_the_sample_keeps_its_whole_table_with_how_sure_each_role_is(
    pipeline: Pipeline, sample_article
) -> None:
    events = pipeline.events(sample_article, article_id=1)
    roles = {(e.place_key, e.role, e.status) for e in events}
    assert (KANDAHAR, "diplomatic_post", "evacuated") in roles
    assert (KABUL, "diplomatic_post", "operating") in roles
    assert (MAZAR, "diplomatic_post", "at_risk") in roles
    assert (MOSCOW, "meeting", None) in roles
    assert (AFGHANISTAN, "conflict", None) in roles
    assert any(e.place_key == DUSHANBE and e.role == "meeting" and e.when == "2021-07-13" for e in events)
    assert not any(e.place_key == AFGHANISTAN and e.role == "diplomatic_post" for e in events)  # owner only
    for e in events:
        if e.role != "mention":
            assert 0.0 < e.confidence <= 1.0
    kabul = next(e for e in events if e.place_key == KABUL and e.role == "diplomatic_post")
    assert kabul.confidence >= UNCERTAIN_BELOW  # "the embassy in Kabul": the model is sure


@pytest.mark.skipif(not (SHARED / "news" / "articles.jsonl").exists(), reason="needs ../shared/news texts")
def test_the_untouched_test_split_holds_the_bar(pipeline: Pipeline) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import roles_news_eval

    items = roles_news_eval.articles_of("test")
    assert len(items) >= 80 and sum(1 for rec, _t in items if not rec["labels"]) >= 40
    predicted = roles_news_eval.predicted_places(pipeline, items)
    result = score(zip((roles_news_eval.gold_places(rec) for rec, _t in items), predicted, strict=True))
    assert result.f1 >= TEST_F1_BAR and result.precision >= TEST_P_BAR, result.line()


@pytest.fixture
def sample_store(tmp_path: Path, nlp, gazetteer) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "d.db") as store, GeoCache(tmp_path / "g.db") as cache:
        service.load_sample_if_new(store, service.make_pipeline(nlp, gazetteer, cache))
        yield store


def test_a_corrected_role_is_learned_and_can_be_rolled_back(
    sample_store: Store,
    nlp,
    gazetteer,
    own_model_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    moscow = next(e for e in sample_store.events(roles=["meeting"]) if e.place_key == MOSCOW)
    service.correct_role(sample_store, moscow.event_id, "mention")  # an analyst: no meeting in Moscow
    version_before = reading_version()
    rules = Pipeline(nlp, gazetteer, role_model=None)

    learned = role_training.correction_instances(rules, sample_store)
    (moscow_place,) = learned
    assert moscow_place.labels == (0, 0, 0) and moscow_place.weight == role_training.CORRECTION_WEIGHT
    assert "rule=meeting" in moscow_place.with_rules  # what the rules said, now labelled wrong

    report = role_training.retrain(rules, sample_store)
    assert report.corrections == 1 and report.folder == own_model_dir
    assert 0.5 < report.dev_before <= 1 and abs(report.dev_after - report.dev_before) < 0.1
    assert active_model_dir() == own_model_dir and reading_version() != version_before
    meta = json.loads((own_model_dir / "meta.json").read_text())
    assert meta["trained_on"]["corrections"] == 1 and meta["held_out_place_f1"] == round(report.dev_after, 4)

    role_training.retrain(rules, sample_store)  # a second retrain keeps the first as 'previous'
    assert (own_model_dir / "previous" / "model.json").exists()
    assert role_training.rollback() and not (own_model_dir / "previous").exists()
    assert role_training.rollback()  # and then back to the shipped model
    assert active_model_dir() == SHIPPED_DIR and reading_version() == version_before
    assert not role_training.rollback()


def test_the_correction_survives_retraining_and_reading_again(
    sample_store: Store,
    nlp,
    gazetteer,  # type: ignore[no-untyped-def]
) -> None:
    moscow = next(e for e in sample_store.events(roles=["meeting"]) if e.place_key == MOSCOW)
    service.correct_role(sample_store, moscow.event_id, "conflict")
    role_training.retrain(Pipeline(nlp, gazetteer, role_model=None), sample_store)
    (article_id,) = [a.id for a in sample_store.articles()]
    assert service.stale_articles(sample_store) == [article_id]  # the retrained model is a new reader

    with GeoCache(sample_store.path.parent / "g.db") as cache:
        (outcome,) = service.reread_articles(
            sample_store, service.make_pipeline(nlp, gazetteer, cache), [article_id]
        )
    assert outcome.error == "" and outcome.corrections == 1
    again = [e for e in sample_store.events() if e.sentence == moscow.sentence and e.mention_text == "Moscow"]
    assert [e.role for e in again] == ["conflict"]


def test_scoring_counts_optional_roles_neither_way() -> None:
    gold = [RolePlace(("Kabul",), "conflict"), RolePlace(("Afghanistan",), "conflict", optional=True)]
    predicted = [
        RolePlace(("Kabul",), "conflict", 34.5, 69.2),
        RolePlace(("Afghanistan",), "conflict"),
        RolePlace(("Islamabad",), "conflict"),
    ]
    result = score([(gold, predicted), ([], [RolePlace(("Paris",), "meeting")])])
    assert (result.tp, result.fp, result.fn) == (1, 2, 0)
    assert (result.no_role_articles, result.no_role_with_false_roles) == (1, 1)


def _model_alone_adds(
    text: str, name: str, kind: str, country: str, features: set[str], role: str, probability: float
) -> bool:
    """Whether ``_decide`` adds ``role`` to a place no rule read, its one mention carrying ``features``."""
    from extraction.role_features import PlaceGroup
    from extraction.role_model import RoleWeights, _decide
    from extraction.types import PlaceMention, Role, Span

    start = text.index(name)
    mention = PlaceMention(name, start, start + len(name), "GPE", Span(0, len(text), text), name)
    out: list = [[]]
    group = PlaceGroup(f"gn:{name}", (0,), kind, country, False)
    weights = RoleWeights({}, 0.0, threshold=0.5)
    _decide(out, [mention], [features], group, Role(role), weights, probability)
    return any(r.role == Role(role) for r in out[0])


@pytest.mark.parametrize(
    ("kind", "probability", "added"),
    [("country", 0.6, False), ("region", 0.6, False), ("city", 0.6, True), ("country", 0.8, True)],
)
def test_the_model_alone_makes_a_whole_country_a_conflict_area_only_when_sure(
    kind: str, probability: float, added: bool
) -> None:
    """No rule read the place: the model's own conflict reading of a city stands at the role's
    threshold, that of a whole country or state only at WIDE_ADD (an attacker's or a bystander's
    country, on the folds)."""
    from extraction.role_model import WIDE_ADD

    text = "Fighting spread across Afghanistan."
    assert WIDE_ADD > 0.6
    fighting = {"s:fighting"}
    assert _model_alone_adds(text, "Afghanistan", kind, "AF", fighting, "conflict", probability) is added


@pytest.mark.parametrize(
    ("features", "added"),
    [
        ({"s:official", "s:mission", "mentions=6+"}, False),
        ({"s:official", "s:visit"}, True),
        # only where someone spoke: "Russia's foreign minister Sergei Lavrov said in Moscow"
        ({"s:official", "s:talk", "prep=in:say"}, False),
    ],
)
def test_the_model_alone_adds_a_meeting_only_where_a_sentence_speaks_of_meeting(
    features: set[str], added: bool
) -> None:
    """GeoWebNews: the United States, named ten times in an analysis of Tunisia ("US government
    officials confirmed", "drones flown by US personnel"), added up to a sure meeting from words
    of officials and missions alone."""
    text = "US government officials confirmed it."
    assert _model_alone_adds(text, "US", "country", "US", features, "meeting", 0.88) is added


@pytest.mark.parametrize(
    ("features", "added"),
    [
        ({"s:city", "s:explosion"}, True),
        ({"s:protest", "s:government"}, False),
        ({"s:police", "s:arrest"}, False),
        ({"s:settler", "s:injure"}, True),
        ({"s:bombing", "describes_place"}, False),  # "the Red Sea port town of Mokha"
        # attacks told beside police or a court: a crime, unless a weapon of war or a fighter is named
        ({"s:attack", "s:police"}, False),  # GeoWebNews "a man attacked his mom's car in Beverly Hills"
        ({"s:assault", "s:court"}, False),  # LGL "charges of assault ... in Tipperary town"
        ({"s:attack", "s:police", "s:militant"}, True),  # "militants attacked a police station"
        # only where it was told: "In Managua, the government said rebels had killed 12 civilians"
        ({"s:attack", "s:rebel", "prep=in:say"}, False),
        ({"s:attack", "s:rebel", "prep=in:attack"}, True),
    ],
)
def test_the_model_alone_adds_a_conflict_area_only_where_a_sentence_speaks_of_armed_violence(
    features: set[str], added: bool
) -> None:
    """Wikinews: "a city in the Ural region of Russia" (a building collapsed after a gas explosion,
    told in another sentence) and protests in Belgrade were conflict areas from the article's words
    of fighting alone."""
    text = "Protests took place in Belgrade."
    assert _model_alone_adds(text, "Belgrade", "city", "RS", features, "conflict", 0.9) is added


@pytest.mark.parametrize(
    ("features", "added"),
    [
        ({"s:offensive", "s:military", "dep=nsubj"}, False),  # "Turkey began a military offensive into Syria"
        ({"s:offensive", "s:military", "dep=poss"}, False),  # "Turkey's offensive"
        ({"s:offensive", "s:military", "dep=pobj"}, True),  # "an offensive in Syria"
        ({"s:offensive", "s:military", "dep=nsubjpass"}, True),  # "Syria was invaded"
    ],
)
def test_the_model_alone_makes_no_attacker_s_home_a_conflict_area(features: set[str], added: bool) -> None:
    """Wikinews: "Turkey began a military offensive into north-eastern Syria" made Turkey a conflict
    area by the model alone (the guide: the attacker's home is not one)."""
    text = "Turkey began a military offensive."
    assert _model_alone_adds(text, "Turkey", "country", "TR", features, "conflict", 0.95) is added


def test_the_model_alone_adds_no_conflict_area_where_the_rules_put_the_place_beside_the_fighting() -> None:
    """Wire stories: "jets flying from N'Djamena in Chad ... struck rebel columns", "refugees fleeing
    into Sudan", "taken off from Gwalior air base": the rules read the place as beside the fighting
    (extraction.roles.BESIDE), and the model's words of war in that sentence add no conflict to it."""
    from extraction.role_features import PlaceGroup
    from extraction.role_model import RoleWeights, _decide
    from extraction.roles import BESIDE
    from extraction.types import PlaceMention, Role, RoleReading, Span

    text = "Rockets hit Asmara and sent 25,000 refugees fleeing into Sudan."
    start = text.index("Sudan")
    mention = PlaceMention("Sudan", start, start + 5, "GPE", Span(0, len(text), text), "Sudan")
    group = PlaceGroup("gn:Sudan", (0,), "city", "SD", False)
    weights = RoleWeights({}, 0.0, threshold=0.5)
    features = {"s:rocket", "s:refugee"}
    for readings, added in (
        ([], True),
        ([RoleReading(Role.MENTION, mention.sentence, 0.6, trigger=BESIDE)], False),
    ):
        out: list = [list(readings)]
        _decide(out, [mention], [features], group, Role.CONFLICT, weights, 0.9)
        assert any(r.role == Role.CONFLICT for r in out[0]) is added


def test_the_rules_mark_a_place_beside_the_fighting_for_the_model(pipeline: Pipeline) -> None:
    text = (
        "Mirage and Rafale jets flying from N'Djamena in Chad and from Saint-Dizier in eastern France struck "
        "rebel columns near Gao on Sunday.\n\nThe fighting near Gao killed dozens of Islamist fighters."
    )
    article = Article(text=text, title="t", published=date(2013, 2, 2), source="t", content_hash=text)
    events = pipeline.events(article)
    assert {e.mention_text for e in events if e.role == "conflict"} == {"Gao"}, [
        (e.mention_text, e.role) for e in events
    ]


def test_a_dateline_city_abroad_and_where_a_broadcast_is_monitored_are_beside_the_fighting(
    nlp, gazetteer
) -> None:  # type: ignore[no-untyped-def]
    from extraction.roles import BESIDE

    text = (
        "NICOSIA, Cyprus, Jan. 14 (Reuters) - Iranian forces fought their way to within 10 miles of Basra "
        "on Wednesday.\n\nThe radio, monitored in Nicosia, said Iraqi counterattacks near Basra had failed."
    )
    article = Article(text=text, title="t", published=date(1987, 1, 14), source="t", content_hash=text)
    reading = Pipeline(nlp, gazetteer, role_model=None).read(article)
    beside = [
        lm.mention.text
        for lm, readings in zip(reading.located, reading.roles, strict=True)
        if any(r.trigger == BESIDE for r in readings)
    ]
    assert beside.count("NICOSIA") == 1 and "Nicosia" in beside, beside


def test_the_shipped_reader_is_the_blend_of_both_readers_and_calibrated() -> None:
    from extraction.role_model import READER, blend

    model = RoleModel.load(SHIPPED_DIR)
    assert READER == "blend" and model.words is not None and set(model.mix) == set(model.roles)
    # The mean log-odds lies between the two readers' own.
    assert math.log(0.2 / 0.8) < blend(0.2, 0.9) < math.log(0.9 / 0.1)
    assert blend(0.9, 0.9) == pytest.approx(math.log(9))
    assert RoleModel.load(SHIPPED_DIR, reader="model").words is None
    with pytest.raises(ValueError, match="unknown role reader"):
        RoleModel.load(SHIPPED_DIR, reader="rules")
    # A model retrained by an analyst before the blend existed still loads, as its own reader.
    data = json.loads((SHIPPED_DIR / "model.json").read_text())
    del data["blend"]
    older = RoleModel.from_dict(data)
    assert older.words is None and older.use_rules


def test_both_thresholds_are_chosen_for_the_whole_role_not_each_share_alone() -> None:
    """Places the rules read are mostly right, those only the model sees are right half the time:
    the pair that is best for the role keeps far fewer of the latter than their own share's best."""
    import numpy as np

    from diplomap.role_training import _f1, best_threshold, best_thresholds

    rng = np.random.default_rng(7)
    ruled = np.r_[np.ones(400, dtype=bool), np.zeros(400, dtype=bool)]
    probs = np.r_[rng.uniform(0.2, 1.0, 400), rng.uniform(0.0, 1.0, 400)]
    y = np.r_[rng.random(400) < 0.9, rng.random(400) < probs[400:] * 0.8].astype(float)
    t, tr = best_thresholds(probs, y, ruled)
    alone = best_threshold(probs[~ruled], y[~ruled])
    assert t > alone and tr <= t
    joint = _f1(np.where(ruled, probs >= tr, probs >= t), y)
    assert joint > _f1(np.where(ruled, probs >= best_threshold(probs[ruled], y[ruled]), probs >= alone), y)
    # One share only: the single best threshold for both.
    assert best_thresholds(probs, y, np.ones(800, dtype=bool)) == (best_threshold(probs, y),) * 2


def test_a_mention_knows_its_article_topic_length_position_and_an_earlier_year(nlp) -> None:  # type: ignore[no-untyped-def]
    from extraction.role_features import article_features, mention_features
    from extraction.types import PlaceMention, Span

    text = (
        "Rebels shelled Goma on Monday, the army said. "
        "Goma was also attacked by militants in 2012. "
        "The ambassador met the president in Kinshasa in 2024."
    )
    doc = nlp(text)
    article = article_features([(0, doc)])
    assert article.feats == {"art_fight=2-3", "art_diplo=1", "art_len=2-4"} and article.latest_year == 2024
    # A one-line summary and a long story are told apart (the model adds fewer roles to the latter).
    assert "art_len=1" in article_features([(0, nlp("Rebels shelled Goma."))]).feats
    assert "art_len=15+" in article_features([(0, nlp(" ".join(["Goma was quiet."] * 16)))]).feats
    sents = list(doc.sents)
    feats = []
    for sent, name in zip(sents, ("Goma", "Goma", "Kinshasa"), strict=True):
        start = text.index(name, sent.start_char)
        mention = PlaceMention(
            name, start, start + len(name), "GPE", Span(sent.start_char, sent.end_char, sent.text), name
        )
        feats.append(mention_features(mention, sent, article=article))
    assert "sent_at=0" in feats[0] and "sent_at=1" in feats[1] and "sent_at=2-4" in feats[2]
    assert "earlier_year" in feats[1] and "earlier_year" not in feats[0] | feats[2]


def test_the_test_draws_hold_only_test_split_texts_never_drawn_before() -> None:
    """Draws 22 and 23 were taken from the test split's texts (by the hash of the id, as any other),
    once each: none was in an earlier draw, so none was ever read for rules or training."""
    sys.path.insert(0, str(ROOT / "bench"))
    import news_roles_corpus as corpus

    seen: set[str] = set()
    with corpus.SAMPLE_PATH.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    for rec in records:
        if rec.get("draw") in corpus.TEST_DRAWS:
            assert rec["split"] == "test" == corpus.split_of(rec["id"]), rec["id"]
            assert rec["id"] not in seen, rec["id"]
        seen.add(rec["id"])
    assert sum(1 for rec in records if rec.get("draw") in corpus.TEST_DRAWS) == 400
    test_ids = {rec["id"] for rec in corpus.read_labels() if rec["split"] == "test"}
    trained = {rec["id"] for rec in corpus.read_labels() if rec["split"] != "test"}
    assert not test_ids & trained


@pytest.mark.parametrize(
    ("text", "place", "added"),
    [
        ("In 2003, a horse in Pahrump was killed after being attacked.", "Pahrump", False),
        ("The rocket lifted off from Baikonur and soared over northern Kazakhstan.", "Kazakhstan", False),
        ("Rebels attacked a cattle market in Goma, killing four.", "Goma", True),
    ],
)
def test_the_model_alone_adds_no_conflict_area_for_an_animal_s_attack_or_a_spaceflight(
    text: str, place: str, added: bool
) -> None:
    """LGL: a horse attacked in Pahrump and a Soyuz lifting off over Kazakhstan's steppes were conflict
    areas of the model alone in some folds (the rules read neither, with their own words for both)."""
    features = {"s:attack", "s:kill", "s:rocket", "s:fire"}
    assert _model_alone_adds(text, place, "city", "US", features, "conflict", 0.9) is added
