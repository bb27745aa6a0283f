package io.unipay.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the whole suite (one fork per benchmark, about 5 minutes on 2 cores), then prints every
 * figure as operations per second and the ratios the project tracks against their targets.
 *
 * <p>Arguments are JMH's own (e.g. {@code -f 2}, or a regex to run a subset); the ratios whose
 * figures were not run are skipped.
 */
public final class RunAll {
  private RunAll() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .parent(cli)
            .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .shouldFailOnError(true);
    if (cli.getIncludes().isEmpty()) {
      options.include("io\\.unipay\\.benchmarks\\..*");
      // Minutes of loading and a million-row run: only when named.
      options.exclude("ReconcileBenchmarks");
    }
    List<String> databases = new ArrayList<>();
    for (BenchDatabases db : BenchDatabases.values()) {
      Optional<String> why = db.unreachable();
      if (why.isEmpty()) databases.add(db.name().toLowerCase(Locale.ROOT));
      else System.out.println("SKIPPED DbSettlementBenchmarks on " + db + ": " + why.get());
    }
    if (databases.isEmpty()) {
      options.exclude("DbSettlementBenchmarks");
    } else if (!cli.getParameter("db").hasValue()) {
      options.param("db", databases.toArray(String[]::new));
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    Map<String, double[]> opsPerSecond = new LinkedHashMap<>();
    for (RunResult run : results) {
      String method = run.getParams().getBenchmark().replaceAll(".*\\.", "");
      String param = run.getParams().getParam("provider");
      if (param == null) param = run.getParams().getParam("db");
      String key = param == null ? method : method + ":" + param;
      opsPerSecond.put(key, opsPerSecond(run));
    }
    System.out.println(report(opsPerSecond));
  }

  /** Score and error as operations per second, whatever the mode. */
  static double[] opsPerSecond(RunResult run) {
    Result<?> primary = run.getPrimaryResult();
    double score = primary.getScore();
    double error = Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError();
    String unit = primary.getScoreUnit();
    if (unit.startsWith("ops/")) {
      double perSecond = perSecond(unit.substring(4));
      return new double[] {score * perSecond, error * perSecond};
    }
    // SingleShotTime: time per batch of calls, per thread, the threads running together.
    int threads = run.getParams().getThreads();
    int batch = run.getParams().getMeasurement().getBatchSize();
    double seconds = score / perSecond(unit.substring(0, unit.indexOf('/')));
    double ops = threads * (double) batch / seconds;
    return new double[] {ops, ops * error / score};
  }

  private static double perSecond(String unit) {
    switch (unit) {
      case "s":
        return 1;
      case "ms":
        return 1e3;
      case "us":
        return 1e6;
      case "ns":
        return 1e9;
      default:
        throw new IllegalArgumentException("unit " + unit);
    }
  }

  static String report(Map<String, double[]> ops) {
    StringBuilder out = new StringBuilder("\n== figures (operations per second) ==\n");
    ops.forEach(
        (k, v) -> out.append(String.format(Locale.ROOT, "%-34s %12.1f ± %.1f%n", k, v[0], v[1])));
    out.append("\n== ratios (target) ==\n");
    for (String p : new String[] {"jdk", "corretto"}) {
      ratio(out, ops, "WeChat parse ÷ floor, " + p, "oursWechat:" + p, "floorWechat:" + p, 0.95);
      ratio(out, ops, "Alipay parse ÷ floor, " + p, "oursAlipay:" + p, "floorAlipay:" + p, 0.95);
    }
    for (String p : new String[] {"jdk", "corretto"}) {
      double target = p.equals("corretto") ? 2.0 : Double.NaN;
      ratio(
          out, ops, "WeChat parse ÷ wechatpay-java, " + p, "oursWechat:" + p, "sdkWechat", target);
      ratio(out, ops, "Alipay parse ÷ alipay-sdk, " + p, "oursAlipay:" + p, "sdkAlipay", target);
    }
    ratio(out, ops, "wechatpay-java ÷ floor (jdk)", "sdkWechat", "floorWechat:jdk", Double.NaN);
    ratio(out, ops, "alipay-sdk ÷ floor (jdk)", "sdkAlipay", "floorAlipay:jdk", Double.NaN);
    for (String p : new String[] {"jdk", "corretto"}) {
      ratio(
          out,
          ops,
          "settlement (1 thread) ÷ floor, " + p,
          "settle1Thread:" + p,
          "floorWechat:" + p,
          0.6);
      ratio(
          out,
          ops,
          "settlement (1 thread) ÷ parse, " + p,
          "settle1Thread:" + p,
          "oursWechat:" + p,
          Double.NaN);
      ratio(
          out,
          ops,
          "settlement 2 threads ÷ 1 thread, " + p,
          "settle2Threads:" + p,
          "settle1Thread:" + p,
          1.6);
    }
    for (String db : new String[] {"postgresql", "mariadb"}) {
      for (int t : new int[] {1, 2, 16}) {
        String floor = "floor" + t + ":" + db;
        double target = t == 16 ? 0.7 : Double.NaN;
        ratio(out, ops, db + " first, " + t + " threads ÷ floor", "first" + t + ":" + db, floor,
            target);
        ratio(out, ops, db + " duplicate, " + t + " threads ÷ floor", "duplicate" + t + ":" + db,
            floor, Double.NaN);
      }
      ratio(out, ops, db + " first, 2 threads ÷ 1 thread", "first2:" + db, "first1:" + db,
          db.equals("postgresql") ? 1.6 : Double.NaN);
      ratio(out, ops, db + " floor, 2 threads ÷ 1 thread", "floor2:" + db, "floor1:" + db,
          Double.NaN);
    }
    ratio(out, ops, "signing corretto ÷ jdk", "requestSigning:corretto", "requestSigning:jdk", 3.5);
    ratio(
        out,
        ops,
        "floor verify corretto ÷ jdk",
        "floorAlipay:corretto",
        "floorAlipay:jdk",
        Double.NaN);
    for (String p : new String[] {"jdk", "corretto"}) {
      overhead(out, ops, p);
    }
    return out.toString();
  }

  private static void ratio(
      StringBuilder out,
      Map<String, double[]> ops,
      String name,
      String a,
      String b,
      double target) {
    if (!ops.containsKey(a) || !ops.containsKey(b)) return;
    double r = ops.get(a)[0] / ops.get(b)[0];
    String verdict =
        Double.isNaN(target)
            ? ""
            : String.format(Locale.ROOT, "(≥ %.2f) %s", target, r >= target ? "met" : "MISSED");
    out.append(String.format(Locale.ROOT, "%-44s %6.2f  %s%n", name, r, verdict));
  }

  /**
   * createOrder time − simulatorRoundTrip time (signing + HTTP + simulator) − one RSA verify of the
   * answer (the Alipay floor), against the signing time.
   */
  private static void overhead(StringBuilder out, Map<String, double[]> ops, String p) {
    String create = "createOrder:" + p;
    String trip = "simulatorRoundTrip:" + p;
    String sign = "requestSigning:" + p;
    String verify = "floorAlipay:" + p;
    if (!ops.containsKey(create)
        || !ops.containsKey(trip)
        || !ops.containsKey(sign)
        || !ops.containsKey(verify)) {
      return;
    }
    double us = 1e6;
    double overhead = us / ops.get(create)[0] - us / ops.get(trip)[0] - us / ops.get(verify)[0];
    double signing = us / ops.get(sign)[0];
    out.append(
        String.format(
            Locale.ROOT,
            "%-44s %6.2f  (< 0.10) %s  [%.1f µs over %.1f µs signing]%n",
            "createOrder library overhead ÷ signing, " + p,
            overhead / signing,
            overhead / signing < 0.10 ? "met" : "MISSED",
            overhead,
            signing));
  }
}
