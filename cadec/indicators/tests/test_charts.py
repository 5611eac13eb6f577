"""Server-drawn SVG charts: accessible, one path per series, every name inside."""

import re

from cadec.indicators import charts
from cadec.indicators.tests.factories import parse_svg

SVG = "{http://www.w3.org/2000/svg}"


def draw(lines, **kwargs):  # type: ignore[no-untyped-def]
    return charts.line_chart(
        title="Internet users",
        description="Three countries.",
        lines=lines,
        y_label="% of population",
        x_label="Year",
        dom_id="test-chart",
        **kwargs,
    )


def test_a_chart_has_a_title_a_description_and_one_named_path_per_series():
    lines = charts.styled(
        [
            ("VNM", "Viet Nam", [(2019, 68.7), (2020, 70.3), (2021, 74.2)]),
            ("THA", "Thailand", [(2019, 66.7), (2020, 77.8)]),
            ("LAO", "Lao PDR", [(2020, 36.1)]),  # a single value still shows, as a dot
        ]
    )
    svg = parse_svg(draw(lines))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "test-chart-title test-chart-desc"
    assert svg.find(f"{SVG}title").text == "Internet users"
    assert svg.find(f"{SVG}desc").text == "Three countries."
    paths = svg.findall(f".//{SVG}path")
    assert [p.find(f"{SVG}title").text for p in paths] == ["Viet Nam", "Thailand", "Lao PDR"]
    assert [p.get("data-key") for p in paths] == ["VNM", "THA", "LAO"]
    assert len({p.get("stroke") for p in paths}) == 3
    assert paths[1].get("d").count("L") == 1
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "% of population" in texts
    assert "Year" in texts
    assert "2020" in texts


def test_names_are_escaped_inside_the_svg():
    lines = charts.styled([("X", '<script>alert("x")</script> & co', [(2020, 1.0)])])
    svg = str(draw(lines))
    assert "<script>" not in svg
    assert parse_svg(svg).find(f".//{SVG}path/{SVG}title").text.startswith("<script>")


def test_points_lie_inside_the_plot_and_higher_values_are_higher():
    lines = charts.styled([("A", "A", [(2000, 0.0), (2010, 50.0), (2020, 100.0)])])
    d = parse_svg(draw(lines)).find(f".//{SVG}path").get("d")
    ys = [float(y) for y in re.findall(r"[ML][\d.]+ ([\d.]+)", d)]
    assert ys[0] > ys[1] > ys[2]  # SVG's y grows downwards
    assert all(0 <= y <= 300 for y in ys)


def test_a_logarithmic_chart_leaves_out_zero_and_says_so_in_ticks():
    lines = charts.styled([("CHN", "China", [(1960, 0.0), (1990, 1e3), (2020, 1e9)])])
    svg = parse_svg(draw(lines, log_scale=True))
    d = svg.find(f".//{SVG}path").get("d")
    assert d.count("L") == 1  # the zero of 1960 is not drawn
    assert {"1k", "1G"} <= {t.text for t in svg.iter(f"{SVG}text")}


def test_an_empty_chart_says_there_is_nothing_to_show():
    svg = parse_svg(draw([], empty_text="No values."))
    assert svg.findall(f".//{SVG}path") == []
    assert "No values." in [t.text for t in svg.iter(f"{SVG}text")]


def test_ticks_are_round_numbers():
    assert charts.nice_ticks(0, 97.3) == [0, 20, 40, 60, 80, 100]
    assert charts.format_number(1.8e13) == "18T"
    assert charts.format_number(97338583) == "97.3M"
    assert charts.year_ticks(1960, 2024) == [1960, 1980, 2000, 2020]
