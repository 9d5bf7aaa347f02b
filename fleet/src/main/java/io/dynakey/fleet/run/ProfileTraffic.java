package io.dynakey.fleet.run;

import io.dynakey.fleet.TrafficSource;
import io.dynakey.trainer.profile.TrafficProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Traffic sampled from the trainer's {@link TrafficProfile} (per-class quantiles of every
 * feature): benign rows from the benign class, attack rows from one attack class. Features are
 * drawn independently, so the rows keep the data's marginals but not its correlations.
 */
final class ProfileTraffic implements TrafficSource {

    private final TrafficProfile profile;
    private final int[] featureIds;
    private final String benign;
    private final List<String> attacks;

    ProfileTraffic(TrafficProfile profile) {
        this.profile = profile;
        this.featureIds = new int[profile.specs().size()];
        for (int f = 0; f < featureIds.length; f++) {
            featureIds[f] = idOf(profile.specs().get(f));
        }
        String b = null;
        List<String> a = new ArrayList<>();
        for (Map.Entry<String, TrafficProfile.ClassProfile> e : profile.classes().entrySet()) {
            if (e.getValue().attack()) {
                a.add(e.getKey());
            } else if (b == null || e.getValue().share() > profile.classes().get(b).share()) {
                b = e.getKey();
            }
        }
        if (b == null || a.isEmpty()) {
            throw new IllegalArgumentException("traffic profile " + profile.name() + " needs a benign and an attack class");
        }
        this.benign = b;
        this.attacks = List.copyOf(a);
    }

    private static int idOf(String spec) {
        for (String part : spec.split(";")) {
            if (part.startsWith("id=")) {
                return Integer.parseInt(part.substring(3));
            }
        }
        throw new IllegalArgumentException("feature spec without id: " + spec);
    }

    @Override
    public int[] featureIds() {
        return featureIds.clone();
    }

    @Override
    public List<String> attackTypes() {
        return attacks;
    }

    @Override
    public void benign(SplittableRandom rng, int group, long[] out) {
        copy(profile.sample(benign, new Random(rng.nextLong())), out);
    }

    @Override
    public void attack(SplittableRandom rng, int attackType, long[] out) {
        copy(profile.sample(attacks.get(attackType), new Random(rng.nextLong())), out);
    }

    private static void copy(long[] v, long[] out) {
        System.arraycopy(v, 0, out, 0, out.length);
    }

    @Override
    public String describe() {
        return "rows sampled from the traffic profile of " + profile.name() + " (per-class feature quantiles; "
                + "features drawn independently)";
    }
}
