"""The generator's draws at realistic sizes, without a database."""

from __future__ import annotations

import numpy as np
import pytest

from cinemeter.scale import sampling
from cinemeter.scale.fitted import FALLBACK, fit_ratings, ratings_file
from cinemeter.scale.presets import MOVIEMETER


def test_the_committed_fit_is_what_the_data_set_gives():
    path = ratings_file()
    if not path.is_file():
        pytest.skip(f"ml-latest-small is not at {path}")
    fitted = fit_ratings(path)
    assert fitted.member_min == FALLBACK.member_min
    for name in ("member_log_mean", "member_log_sd", "title_log_mean", "title_log_sd"):
        assert getattr(fitted, name) == pytest.approx(getattr(FALLBACK, name), abs=1e-4)
    assert fitted.half_star_shares == pytest.approx(FALLBACK.half_star_shares)


def test_member_counts_are_exact_bounded_and_heavy_tailed_at_full_scale():
    rng = np.random.default_rng(5)
    members, cap = sampling.members_needed(FALLBACK, MOVIEMETER.votes, 176_851)
    counts = sampling.member_vote_counts(rng, FALLBACK, members, MOVIEMETER.votes, cap)

    assert counts.sum() == MOVIEMETER.votes
    assert counts.min() >= FALLBACK.member_min
    assert counts.max() <= cap
    assert counts.max() > 10 * np.median(counts)
    # the mean votes per member of the data set
    assert MOVIEMETER.votes / members == pytest.approx(FALLBACK.member_mean, rel=0.01)


def test_member_titles_are_distinct_and_exactly_as_many_as_asked():
    rng = np.random.default_rng(9)
    weights = rng.lognormal(FALLBACK.title_log_mean, FALLBACK.title_log_sd, 500)
    counts = np.array([1, 20, 250, 400, 3], dtype=np.int64)  # 400 of 500: must top up
    owners, titles = sampling.member_titles(rng, counts, weights)

    assert np.bincount(owners, minlength=5).tolist() == counts.tolist()
    assert len(set(zip(owners.tolist(), titles.tolist(), strict=True))) == counts.sum()


def test_every_actor_gets_a_part_and_nobody_plays_twice_in_one_title():
    rng = np.random.default_rng(2)
    sizes = sampling.cast_sizes(rng, 300, np.array([4, 9]), least_total=2000)
    titles, actors, billing = sampling.cast_people(rng, sizes, 2000)

    assert set(actors.tolist()) == set(range(2000))
    pairs = list(zip(titles.tolist(), actors.tolist(), strict=True))
    assert len(set(pairs)) == len(pairs)
    assert billing[titles == 4].tolist() == list(range(int((titles == 4).sum())))


def test_exact_counts_refuses_an_impossible_split():
    with pytest.raises(ValueError, match="cannot be split"):
        sampling.exact_counts(np.random.default_rng(1), np.ones(3), 10, 1, 3)


def test_title_popularity_is_heavy_tailed_and_highest_for_the_heaviest_titles():
    rng = np.random.default_rng(4)
    heaviest = np.array([3, 70, 512])
    weights = sampling.title_weights(rng, FALLBACK, 10_000, heaviest)

    assert set(np.argsort(weights)[-3:].tolist()) == {3, 70, 512}
    assert weights.max() > 50 * np.median(weights)
