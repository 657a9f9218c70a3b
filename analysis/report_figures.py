"""Figure helpers of the policy report (colours, PNG encoding, panel grids) and the figures of
placement-free survival: per policy beside the baseline, and the paired difference over time.

The figures use the raw per-replicate data (/series, /outcomes); every PNG is written without
software or date metadata, so the same file gives the same bytes."""
import base64
import io
import warnings

import matplotlib

matplotlib.use("Agg")  # no display needed; the only backend whose output the report relies on
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from scipy import stats  # noqa: E402

BASELINE_COLOUR = "#333333"


def configure_matplotlib():
    # Reproducible output: a fixed hash salt and the default style, whatever the user's matplotlibrc says.
    matplotlib.rcdefaults()
    matplotlib.rcParams["svg.hashsalt"] = "jimsim-report"
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    matplotlib.rcParams["axes.titlesize"] = 12
    matplotlib.rcParams["axes.labelsize"] = 10.5


def scenario_colours(r):
    """One colour per scenario, the same in every figure: the baseline dark grey, policies tab10."""
    palette = matplotlib.colormaps["tab10"].colors
    colours = {r.baseline: BASELINE_COLOUR}
    for i, s in enumerate(r.policies):
        colours[s] = palette[i % len(palette)]
    return colours


def png_data_uri(fig):
    """The figure as a base64 PNG data URI. metadata={'Software': None} drops the only
    non-reproducible PNG chunk matplotlib writes, so the same data give the same bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def euro_ticks(value, _position):
    """Thousands separators, and the same minus sign as matplotlib's own tick labels."""
    return f"{value:,.0f}".replace("-", "\u2212")


def band(values):
    """Mean and 2.5-97.5 percentile band over replicates per step, ignoring NaN (a survival curve is
    NaN past the last time anyone was at risk); steps where every replicate is NaN stay NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: NaN is the right answer
        return (np.nanmean(values, axis=0), np.nanpercentile(values, 2.5, axis=0),
                np.nanpercentile(values, 97.5, axis=0))


def mean_interval(values):
    """Mean and 95% interval of the mean (Student t over the replicates defined at each step)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        n = np.sum(np.isfinite(values), axis=0)
        mean = np.nanmean(values, axis=0)
        sd = np.nanstd(values, axis=0, ddof=1)
        t = np.where(n >= 2, stats.t.ppf(0.975, np.maximum(n - 1, 1)), np.nan)
        half = t * sd / np.sqrt(np.maximum(n, 1))
    return mean, mean - half, mean + half


def panel_grid(n, row_height, legend_height=0.45, width=12.5):
    """One panel per policy (shared axes, at most three a row) and a row beneath for one shared
    legend. Returns the figure, the panels, the legend's axes and a function that labels the outer axes."""
    ncols = max(1, min(3, n))
    nrows = max(1, -(-n // ncols))
    fig = plt.figure(figsize=(width, row_height * nrows + legend_height + 0.7), layout="constrained")
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[row_height] * nrows + [legend_height])
    axes = []
    for i in range(n):
        share = axes[0] if axes else None
        axes.append(fig.add_subplot(grid[i // ncols, i % ncols], sharex=share, sharey=share))
    legend_ax = fig.add_subplot(grid[nrows, :])
    legend_ax.axis("off")

    def label(xlabel, ylabel):
        for i, ax in enumerate(axes):
            if i + ncols < n:
                ax.tick_params(labelbottom=False)
            else:
                ax.set_xlabel(xlabel)
            if i % ncols:
                ax.tick_params(labelleft=False)
            else:
                ax.set_ylabel(ylabel)

    return fig, axes, legend_ax, label


def nothing_to_compare(r, title):
    """The figure for a run with the baseline alone: nothing to set against it."""
    fig, ax = plt.subplots(figsize=(12.5, 2.0), layout="constrained")
    ax.axis("off")
    ax.text(0.5, 0.5, f"The run has no policy besides the baseline {r.baseline}: nothing to compare.",
            ha="center", va="center", fontsize=12)
    fig.suptitle(title, fontsize=13)
    return png_data_uri(fig)


def survival_curves(r, s):
    """Placement-free survival of every replicate (%, from 100 at intake) and the weeks."""
    values, weeks = r.series[(s, "placement_free_survival")]
    ones = np.ones((values.shape[0], 1))
    return np.concatenate([ones, values], axis=1) * 100, np.concatenate([[0.0], weeks])


def figure_survival(r, colours):
    """Per panel one policy beside the baseline: mean and 95% of replicates."""
    base_values, base_weeks = survival_curves(r, r.baseline)
    panels = r.policies or [r.baseline]
    fig, axes, legend_ax, label = panel_grid(len(panels), 3.1)
    for ax, s in zip(axes, panels):
        mean, low, high = band(base_values)
        ax.fill_between(base_weeks, low, high, color="#999999", alpha=0.25, linewidth=0)
        ax.plot(base_weeks, mean, color=BASELINE_COLOUR, linewidth=1.8, linestyle="--")
        if s != r.baseline:
            values, weeks = survival_curves(r, s)
            mean, low, high = band(values)
            ax.fill_between(weeks, low, high, color=colours[s], alpha=0.25, linewidth=0)
            ax.plot(weeks, mean, color=colours[s], linewidth=2.2)
        ax.set_title(s, color=colours[s], fontweight="bold", fontsize=11)
        ax.grid(alpha=0.3)
        ax.set_xlim(left=0)
    label("weeks since intake", "never placed (% of youths)")
    handles = [
        Line2D([], [], color=BASELINE_COLOUR, linestyle="--", linewidth=1.8, label=f"{r.baseline} (baseline): mean"),
        Patch(color="#999999", alpha=0.25, label=f"{r.baseline}: range of 95% of replicates"),
    ]
    if r.policies:
        handles += [Line2D([], [], color="#1f77b4", linewidth=2.2, label="policy named above the panel: mean"),
                    Patch(color="#1f77b4", alpha=0.25, label="policy: range of 95% of replicates")]
    legend_ax.legend(handles=handles, loc="center", ncol=4, fontsize=9.5, frameon=False)
    fig.suptitle("Youths never placed, by time since intake", fontsize=13)
    return png_data_uri(fig)


def survival_difference(r, s):
    """Per replicate, the policy's placement-free survival minus the baseline's (percentage points),
    on the steps both simulate; replicate r against replicate r (common random numbers)."""
    values, weeks = survival_curves(r, s)
    base, _ = survival_curves(r, r.baseline)
    steps = min(values.shape[1], base.shape[1])
    return values[:, :steps] - base[:, :steps], weeks[:steps]


def figure_survival_difference(r, colours):
    """Per panel one policy: the mean paired difference with its 95% interval of the mean, and the
    range of 95% of replicates."""
    title = f"Difference in youths never placed, against {r.baseline} (paired by replicate)"
    if not r.policies:
        return nothing_to_compare(r, title)
    fig, axes, legend_ax, label = panel_grid(len(r.policies), 2.9)
    for ax, s in zip(axes, r.policies):
        difference, weeks = survival_difference(r, s)
        _, low, high = band(difference)
        mean, mean_low, mean_high = mean_interval(difference)
        ax.fill_between(weeks, low, high, color=colours[s], alpha=0.13, linewidth=0)
        ax.fill_between(weeks, mean_low, mean_high, color=colours[s], alpha=0.45, linewidth=0)
        ax.plot(weeks, mean, color=colours[s], linewidth=2.0)
        ax.axhline(0, color="black", linewidth=0.9)
        ax.set_title(s, color=colours[s], fontweight="bold", fontsize=11)
        ax.grid(alpha=0.3)
        ax.set_xlim(left=0)
    label("weeks since intake", "difference (percentage points)")
    handles = [Line2D([], [], color="#1f77b4", linewidth=2.0, label="mean paired difference (above 0: fewer placed)"),
               Patch(color="#1f77b4", alpha=0.45, label="95% interval of the mean (Student t over replicates)"),
               Patch(color="#1f77b4", alpha=0.13, label="range of 95% of replicates")]
    legend_ax.legend(handles=handles, loc="center", ncol=3, fontsize=9.5, frameon=False)
    fig.suptitle(title, fontsize=13)
    return png_data_uri(fig)
