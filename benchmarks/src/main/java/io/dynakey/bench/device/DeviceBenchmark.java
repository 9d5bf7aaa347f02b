package io.dynakey.bench.device;

import io.dynakey.device.model.ForestEvaluator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One prediction per input, {@link BenchModels#INPUTS} inputs per invocation, for the three
 * implementations on the same model and inputs. Results are per prediction.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DeviceBenchmark {

    @Param({"tree-d6", "tree-d8", "forest-10", "forest-32k"})
    public String model;

    private BenchModels m;

    @Setup
    public void setup() {
        m = BenchModels.build(model);
    }

    @Benchmark
    @OperationsPerInvocation(BenchModels.INPUTS)
    public void dynakey(Blackhole bh) {
        ForestEvaluator ev = m.evaluator;
        long[][] in = m.rawInputs;
        for (int i = 0; i < in.length; i++) {
            bh.consume(ev.evaluate(in[i], 0));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchModels.INPUTS)
    public void expanded(Blackhole bh) {
        ExpandedForest ev = m.expanded;
        long[][] in = m.rawInputs;
        for (int i = 0; i < in.length; i++) {
            bh.consume(ev.evaluate(in[i], 0));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchModels.INPUTS)
    public void tribuo(Blackhole bh) {
        for (int i = 0; i < m.examples.length; i++) {
            bh.consume(m.tribuo.predict(m.examples[i]));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchModels.INPUTS)
    public void doubleWalk(Blackhole bh) {
        DoubleForest f = m.doubleForest;
        double[][] in = m.doubleInputs;
        for (int i = 0; i < in.length; i++) {
            bh.consume(f.predict(in[i]));
        }
    }
}
