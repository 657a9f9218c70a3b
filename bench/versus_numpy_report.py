"""The printed report of bench/versus_numpy.py: its figures side by side, with what each means."""

from __future__ import annotations

from versus_numpy_runs import NUMPY_MALLOC_TUNABLES, SEED, median, shown_path, thousands


def spread_of(ratios):
    """The lowest and highest of the repeats' ratios, as 8.1-9.7x."""
    return f"{min(ratios):.1f}-{max(ratios):.1f}x"


def report(args, figures):
    small, large = args.families
    sizes = [small, large]
    jimsim, numpy, comparison = figures["jimsim_run"], figures["numpy"], figures["comparison"]
    mb = lambda kib: kib / 1024  # noqa: E731
    out = []
    p = out.append
    p(figures["jimsim_version"])
    p(f"jimsim against the NumPy reference: scenario {figures['scenario_name']} ({shown_path(args.scenario)}), "
      f"horizon {figures['horizon_weeks']:g} weeks, seed {SEED}")
    p(f"{figures['machine']['cores']} cores, load average {figures['machine']['load_average_at_start']:.2f} at start"
      f"{'; --quick: tiny workloads, figures not meaningful' if args.quick else ''}")
    p("jimsim: `jimsim run -t T` timed as a whole process (start-up, simulation, writing the HDF5 results file), "
      f"median of {args.repeats}.")
    if numpy:
        p("NumPy: bench/numpy_reference/run.py on one core (OMP/OPENBLAS/MKL_NUM_THREADS=1), median of "
          f"{args.repeats}, each run right after jimsim's of the same size; its simulation "
          "time as it reports it (without start-up and parameter loading), and the whole process; glibc's "
          "allocator keeping freed memory as jimsim's does (GLIBC_TUNABLES=" + ":".join(NUMPY_MALLOC_TUNABLES) + ").")
    p("Family-weeks = families per replicate x horizon weeks x replicates.")
    p("")
    p(f"{'':24}{'workload':>22}{'wall s':>10}{'ns/family-week':>16}{'fastest':>9}{'peak RSS MB':>13}"
      f"{'CPU/wall':>10}")
    for n in sizes:
        for t in (1, 2):
            j = jimsim[f"{n}/t{t}"]
            p(f"{'jimsim run -t ' + str(t):24}{thousands(n) + ' x ' + str(j['replicates']):>22}"
              f"{j['median_wall_s']:>10.3f}{j['ns_per_family_week']:>16.1f}{j['ns_per_family_week_fastest']:>9.1f}"
              f"{mb(median(j['max_rss_kib'])):>13.1f}"
              f"{j['cores_used']:>10.2f}")
        if str(n) in numpy:
            r = numpy[str(n)]
            work = f"{thousands(n)} x {r['replicates']}"
            p(f"{'NumPy, simulation':24}{work:>22}{median(r['simulation_wall_s']):>10.3f}"
              f"{r['ns_per_family_week']:>16.1f}{'':>9}{mb(r['max_rss_kib']):>13.1f}")
            p(f"{'NumPy, whole process':24}{work:>22}{median(r['process_wall_s']):>10.3f}"
              f"{r['ns_per_family_week_process']:>16.1f}")
    p(f"jimsim: wall s and ns/family-week are medians of {args.repeats}, 'fastest' the fastest run; CPU/wall is the "
      "cores the process kept busy")
    p("(-t 1 can exceed 1: results are written on the main thread; -t 2 well under 2: other load or serial parts).")
    p("")
    p("ns per family-week (lower is faster; medians), side by side")
    p(f"{'families per replicate':34}" + "".join(f"{thousands(n):>14}" for n in sizes))
    p(f"{'jimsim run -t 1':34}" + "".join(f"{jimsim[f'{n}/t1']['ns_per_family_week']:>14.1f}" for n in sizes))
    p(f"{'jimsim run -t 2':34}" + "".join(f"{jimsim[f'{n}/t2']['ns_per_family_week']:>14.1f}" for n in sizes))
    if numpy:
        p(f"{'NumPy (simulation)':34}" + "".join(f"{numpy[str(n)]['ns_per_family_week']:>14.1f}" for n in sizes))
        def spread(key):
            return "".join(f"{spread_of(comparison[str(n)][key + '_each']):>14}" for n in sizes)

        p(f"{'NumPy / jimsim -t 1 (goal >= 10)':34}"
          + "".join(f"{comparison[str(n)]['numpy_over_jimsim_1_thread']:>13.1f}x" for n in sizes))
        p(f"{'  each repeat, lowest-highest':34}" + spread("numpy_over_jimsim_1_thread"))
        p(f"{'NumPy / jimsim -t 2 (goal >= 20)':34}"
          + "".join(f"{comparison[str(n)]['numpy_over_jimsim_2_threads']:>13.1f}x" for n in sizes))
        p(f"{'  each repeat, lowest-highest':34}" + spread("numpy_over_jimsim_2_threads"))
        p(f"{'  NumPy whole process / jimsim -t 1':34}"
          + "".join(f"{comparison[str(n)]['numpy_process_over_jimsim_1_thread']:>13.1f}x" for n in sizes))
    p(f"{'speed-up -t 1 -> -t 2':34}" + "".join(f"{comparison[str(n)]['speed_up_2_threads']:>13.2f}x" for n in sizes))
    if numpy:
        p("The ratios are medians over the repeats of the ratio of runs made back to back (not ratios of the "
          "medians above), and use NumPy's own simulation time against jimsim's whole process: they lean towards "
          "NumPy. The lowest and highest of the repeats' ratios show how much the machine moved them.")
    p("")
    p(f"Share of time spent writing results, 1 thread (jimsim_bench --write-share, median of {args.repeats} "
      "alternated pairs)")
    p(f"{'families x replicates':24}{'with file s':>12}{'without s':>11}{'writing adds':>14}{'share':>8}"
      f"{'fastest':>9}{'in writes':>11}{'file MB':>9}{'run -t 1 s':>12}{'not sim.':>10}")
    for n in sizes:
        s = figures["write_share"][str(n)]
        b = s["bench"]
        p(f"{thousands(n) + ' x ' + str(s['replicates']):24}{b['seconds_with_results']:>12.3f}"
          f"{b['seconds_without_results']:>11.3f}"
          f"{100 * s['writing_adds']:>13.1f}%{100 * s['in_process_share']:>7.1f}%"
          f"{100 * s['in_process_share_fastest']:>8.1f}%{100 * s['write_calls_share']:>10.1f}%{b['file_megabytes']:>9.2f}"
          f"{s['jimsim_run_wall_s']:>12.3f}{100 * s['process_share']:>9.1f}%")
    p("  with file / without: the same plan (seed, replicates, families) in one process, writing the results")
    p("    file as `jimsim run` does (journal, sync every 2 s, commit) or keeping nothing.")
    p("  share = (with - without) / with: the part of a run's wall time that writing its results costs")
    p("    (median over the back-to-back pairs; 'fastest': from the fastest run of each kind). 'writing adds'")
    p("    = with / without - 1. with file s and without s are medians.")
    p("  in writes: main-thread time inside the write calls over the run's time; it overlaps the worker's")
    p("    simulation, so it can exceed the share.")
    p("  not sim. = (jimsim run -t 1 process time, above - without) / process time: what the whole `jimsim run`")
    p("    costs beyond the bare simulation (start-up, reading the scenario, writing results, and anything else")
    p("    the process does differently). Across processes and not alternated, so noisier than the share.")
    if figures["bench_version"] != figures["jimsim_version"]:
        p(f"  WARNING: jimsim_bench ({figures['bench_version']}) and jimsim ({figures['jimsim_version']}) were built "
          "from different sources: 'not sim.' compares different code. Build both from the same tree.")
    p("")
    m = figures["memory"]

    def spread(key):
        values = m["each_kib"][key]
        return "" if len(values) < 2 else f" (runs {mb(min(values)):.1f}-{mb(max(values)):.1f})"

    p("Peak memory (ru_maxrss of the child process; medians of the runs)")
    p(f"  jimsim run -t 1, {m['replicates']} replicates: {thousands(small)} families {mb(m['jimsim_t1_small_kib']):.1f} MB"
      f"{spread('jimsim_t1_small_kib')}, {thousands(large)} families {mb(m['jimsim_t1_large_kib']):.1f} MB"
      f"{spread('jimsim_t1_large_kib')}")
    p(f"    -> {m['jimsim_bytes_per_family']:.0f} bytes per family")
    p(f"  jimsim run -t 2 at {thousands(large)} families {mb(m['jimsim_t2_large_kib']):.1f} MB{spread('jimsim_t2_large_kib')} -> "
      f"{m['jimsim_bytes_per_replicate_in_flight'] / 1e6:.1f} MB per replicate in flight "
      f"({m['jimsim_bytes_per_replicate_in_flight'] / large:.0f} bytes per family of it)")
    if "numpy_bytes_per_family" in m:
        p(f"  NumPy reference, 1 replicate: {thousands(small)} families {mb(m['numpy_small_kib']):.1f} MB, "
          f"{thousands(large)} families {mb(m['numpy_large_kib']):.1f} MB -> "
          f"{m['numpy_bytes_per_family']:.0f} bytes per family")
    p(f"  (a child's ru_maxrss counts this driver's resident memory at the fork, {mb(m['driver_floor_kib']):.1f} MB "
      "at most: figures at that floor are not the child's own)")
    if "scale" in figures:
        s = figures["scale"]
        p("")
        p("Cost per family-week against families per replicate, jimsim run -t 1 (goal: flat within 1.5x)")
        for n, value in s["ns_per_family_week"].items():
            replicates = 1 if int(n) == s["largest"]["families"] else figures["jimsim_run"][f"{n}/t1"]["replicates"]
            p(f"  {thousands(int(n)):>10} families x {replicates:<5} {value:10.1f} ns per family-week")
        p(f"  peak RSS at {thousands(s['largest']['families'])} families: "
          f"{mb(median(s['largest']['max_rss_kib'])):.1f} MB")
        p(f"  max / min: {s['max_over_min']:.2f}")
    p("")
    p(f"Total time of this benchmark: {figures['driver_wall_s']:.0f} s")
    print("\n".join(out), flush=True)
