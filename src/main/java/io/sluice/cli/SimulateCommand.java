package io.sluice.cli;

import io.sluice.config.SluiceLocations;
import io.sluice.db.ConfiguredDatabase;
import io.sluice.domains.DomainPolicies;
import io.sluice.domains.DomainsDocument;
import io.sluice.domains.Durations;
import io.sluice.flowcontrol.FlowControlSettings;
import io.sluice.policy.PolicyFiles;
import io.sluice.simulate.PhaseSweep;
import io.sluice.simulate.ReceiverModel;
import io.sluice.simulate.Simulation;
import io.sluice.simulate.SimulationSetup;
import io.sluice.simulate.SimulationText;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar sluice.jar simulate [options]}: the running policy ({@code sluice.domains.files} of the
 * configuration) and optionally a candidate ({@code --policy FILE}) against a receiver model, in virtual time; prints
 * one line per policy ({@code current: delivered 240 in 96.4 s (ideal 80.0 s), 23 deferred}) and the rate over time,
 * and with {@code --html FILE} a page of both timelines. The line is the mean of {@link PhaseSweep#PHASES} runs, one
 * per phase of Sluice's windows against the receiver's (unknown in advance); {@code --phase SHARE} runs one phase
 * only (the first window closing SHARE of a window after the first message). Exit 0, 2 on bad arguments or a bad
 * policy file.
 */
public final class SimulateCommand {

    static final String USAGE = "Usage: java -jar sluice.jar simulate [--messages N] [--site DOMAIN]"
            + " [--limit N/PERIOD | --anvil N/PERIOD | --bucket RATE [--burst N] | --defer PERCENT --for DURATION"
            + " | --refuse DURATION]"
            + " [--reply \"450 4.7.1 ...\"] [--policy FILE] [--retry-period DURATION] [--max-time DURATION]"
            + " [--seed N] [--phase SHARE] [--memory-horizon DURATION] [--start cold|learned] [--html FILE]";
    private static final Set<String> OPTIONS = Set.of("--messages", "--site", "--limit", "--anvil", "--bucket",
            "--burst", "--defer", "--for", "--refuse", "--reply", "--policy", "--retry-period", "--max-time", "--seed",
            "--phase", "--memory-horizon", "--start", "--html");
    private static final Set<String> MODELS = Set.of("--limit", "--anvil", "--bucket", "--defer", "--refuse");

    private final SluiceLocations locations;
    private final PrintStream out;

    public SimulateCommand(SluiceLocations locations) {
        this(locations, System.out);
    }

    public SimulateCommand(SluiceLocations locations, PrintStream out) {
        this.locations = locations;
        this.out = out;
    }

    public int run(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        if (Arrays.asList(args).contains("--help")) {
            out.println(USAGE);
            return 0;
        }
        for (int i = 0; i < args.length; i++) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                return usage(OPTIONS.contains(args[i]) ? args[i] + " needs a value" : "unknown option '" + args[i] + "'");
            }
            o.put(args[i], args[++i]);
        }
        if (o.keySet().stream().filter(MODELS::contains).count() > 1) {
            return usage("give one receiver model: --limit, --anvil, --bucket, --defer or --refuse");
        }
        try {
            ReceiverModel model = model(o);
            int messages = Integer.parseInt(o.getOrDefault("--messages", "240"));
            String site = o.getOrDefault("--site", "simulated.test").strip().toLowerCase(java.util.Locale.ROOT);
            Duration retry = Durations.parse(o.getOrDefault("--retry-period", "1s"));
            Duration maxTime = Durations.parse(o.getOrDefault("--max-time", "6h"));
            long seed = Long.parseLong(o.getOrDefault("--seed", "42"));
            Double phase = o.containsKey("--phase") ? Double.valueOf(o.get("--phase")) : null;
            String start = o.getOrDefault("--start", "cold");
            if (!start.equals("cold") && !start.equals("learned")) {
                return usage("--start must be cold (nothing learned) or learned (a first delivery teaches the flow),"
                        + " was '" + start + "'");
            }
            boolean learned = start.equals("learned");
            Running running = running();
            // the gate sends nothing for a memory horizon after a cut: the configured one, or --memory-horizon
            Duration horizon = Durations.parse(o.getOrDefault("--memory-horizon", running.memoryHorizon()));
            Map<String, List<Path>> policies = new LinkedHashMap<>();
            policies.put("current", running.policy());
            if (o.containsKey("--policy")) {
                Path candidate = Path.of(o.get("--policy"));
                if (!Files.isRegularFile(candidate)) {
                    return usage("--policy " + candidate + " is not a file");
                }
                policies.put("candidate", List.of(candidate));
            }
            List<SimulationText.Run> runs = new ArrayList<>();
            for (Map.Entry<String, List<Path>> p : policies.entrySet()) {
                DomainsDocument document;
                try {
                    document = DomainsDocument.load(p.getValue());
                } catch (java.io.IOException | RuntimeException e) {
                    return usage("the " + p.getKey() + " policy " + p.getValue() + " cannot be used: " + e.getMessage());
                }
                Integer perHour = DomainPolicies.of(document).limitsFor(site).messagesPerHour();
                SimulationSetup setup = new SimulationSetup(FlowControlSettings.of(document), site,
                        perHour == null ? Double.POSITIVE_INFINITY : perHour / 3600.0, model, messages, retry, maxTime,
                        seed, phase == null ? 0.5 : phase, horizon, learned);
                if (phase != null) {
                    runs.add(new SimulationText.Run(p.getKey(), p.getValue().toString(), new Simulation(setup).run(),
                            "one run, the first window closing " + phase + " of a window after the first message"));
                } else {
                    PhaseSweep sweep = PhaseSweep.run(setup);
                    runs.add(new SimulationText.Run(p.getKey(), p.getValue().toString(), sweep.mean(), String.format(
                            java.util.Locale.ROOT, "mean of %d phases of the windows (%s); the table is the run at"
                                    + " phase %.2f", PhaseSweep.PHASES, sweep.spread(), sweep.phase())));
                }
            }
            out.println("Simulating " + messages + " messages to " + site + " (virtual time): " + model.describe()
                    + "; a deferred message is tried again after " + Durations.format(retry) + (learned
                    ? "; the limit already learned: a first delivery of as many ran before, the lines are the second"
                    : ""));
            SimulationText.print(out, runs);
            if (o.containsKey("--html")) {
                Path html = Path.of(o.get("--html"));
                Files.writeString(html, SimulationText.page(site, model, runs));
                out.println("HTML written to " + html.toAbsolutePath());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
    }

    private static ReceiverModel model(Map<String, String> o) {
        String reply = o.get("--reply");
        if (o.containsKey("--bucket")) {
            return new ReceiverModel.TokenBucket(Double.parseDouble(o.get("--bucket").replaceFirst("(?i)/s$", "")),
                    Integer.parseInt(o.getOrDefault("--burst", "1")), reply);
        }
        if (o.containsKey("--defer")) {
            return new ReceiverModel.DeferThenHeal(Double.parseDouble(o.get("--defer").replace("%", "")) / 100,
                    Durations.parse(o.getOrDefault("--for", "")), reply);
        }
        if (o.containsKey("--refuse")) {
            return new ReceiverModel.RefuseFor(Durations.parse(o.get("--refuse")));
        }
        if (o.containsKey("--anvil")) {
            return ReceiverModel.window(o.get("--anvil"), reply, true);
        }
        return ReceiverModel.window(o.getOrDefault("--limit", "30/10s"), reply, false);
    }

    /**
     * What the service would run with, read in one pass over the configuration (application.properties and its
     * overrides): the policy files ({@code sluice.domains.files} in the configuration directory) and the gate's
     * {@code sluice.flow.memory-horizon}.
     */
    private Running running() throws Exception {
        return ConfiguredDatabase.withProperties(locations, context -> {
            var properties = context.getPropertiesComponent();
            return new Running(PolicyFiles.of(properties.resolveProperty("sluice.domains.files").orElse("domains.yaml"),
                    locations.configDir()).files(), properties.resolveProperty("sluice.flow.memory-horizon")
                    .orElse(Durations.format(Simulation.MEMORY_HORIZON)));
        });
    }

    private record Running(List<Path> policy, String memoryHorizon) {
    }

    private static int usage(String problem) {
        System.err.println("simulate: " + problem);
        System.err.println(USAGE);
        return 2;
    }
}
