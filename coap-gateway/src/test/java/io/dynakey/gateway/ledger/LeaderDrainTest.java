package io.dynakey.gateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynakey.gateway.store.DeviceKeyStore;
import io.dynakey.gateway.store.KeyWrapper;
import io.dynakey.gateway.store.OutboxEvent;
import io.dynakey.gateway.store.Secret;
import io.dynakey.gateway.store.TestDatabase;
import io.dynakey.ledger.event.EventCodec;
import io.dynakey.ledger.event.LedgerEvent;
import io.dynakey.ledger.journal.FsyncPolicy;
import io.dynakey.ledger.journal.Journal;
import io.dynakey.ledger.journal.JournalCheck;
import io.dynakey.ledger.journal.JournalRecord;
import io.dynakey.ledger.journal.JournalScan;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway nodes on one PostgreSQL store drain its outbox into one journal: one leader at a
 * time (advisory lock), and when the leader's session is killed another node takes over, with no
 * event lost or anchored twice.
 */
class LeaderDrainTest {

    private static final int NODES = 3;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void killing_the_leaders_session_hands_the_drain_to_another_node_and_no_event_is_lost_or_anchored_twice()
            throws Exception {
        // given three nodes, each with its store connection and a drain competing for the lease
        Path journal = dir.resolve("ledger.journal");
        try (TestDatabase db = TestDatabase.postgres("leader")) {
            List<DeviceKeyStore> stores = new ArrayList<>();
            List<LeaderDrain> drains = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                DeviceKeyStore store = db.open(new KeyWrapper(new byte[32]), new LedgerEventBodies());
                stores.add(store);
                drains.add(new LeaderDrain(store, store.outboxLease("node-" + n),
                        () -> Journal.open(journal, FsyncPolicy.GROUP_COMMIT), dir.resolve("ledger.fence"), 16, 50, 20,
                        System::currentTimeMillis));
            }
            // and every node writing key changes all along (an Enrolled event each)
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Exception> writeFailure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                DeviceKeyStore store = stores.get(n);
                int node = n;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; writing.get(); i++) {
                            byte[] k = new byte[16];
                            Arrays.fill(k, (byte) (i + 1));
                            store.registerDevice("n" + node + "-" + i, new byte[32], "1", new Secret(k), i);
                            Thread.sleep(2);
                        }
                    } catch (Exception e) {
                        writeFailure.set(e);
                    }
                });
                t.start();
                writers.add(t);
            }
            try {
                int leader = awaitLeader(drains, -1);
                List<Integer> leaders = new ArrayList<>(List.of(leader));
                for (int kill = 0; kill < KILLS; kill++) {
                    // when the leader's lease session is ended on the server, mid-drain
                    long before = drains.get(leader).anchored();
                    waitFor(() -> drains.get(leaders.get(leaders.size() - 1)).anchored() > before, "the leader anchors");
                    terminateLeaseSession(db, leader);
                    // then another node leads
                    leader = awaitLeader(drains, leader);
                    leaders.add(leader);
                }
                assertTrue(leaders.stream().distinct().count() >= 2, "leaders " + leaders);
            } finally {
                writing.set(false);
                for (Thread t : writers) {
                    t.join(10_000);
                }
            }
            assertNull(writeFailure.get(), "the writers kept going");
            long leading = drains.stream().filter(LeaderDrain::leading).count();
            assertEquals(1, leading, "one leader");
            for (LeaderDrain d : drains) {
                d.drainAll();
            }
            for (LeaderDrain d : drains) {
                d.close();
            }

            // then the journal verifies and holds every outbox event once, in seq order
            List<OutboxEvent> outbox = stores.get(0).eventsAfter(0, 1_000_000);
            for (DeviceKeyStore s : stores) {
                s.close();
            }
            JournalScan scan = JournalScan.of(journal);
            assertNull(JournalCheck.firstProblem(scan));
            List<Long> seqs = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            for (JournalRecord r : scan.records()) {
                for (byte[] e : r.events()) {
                    LedgerEvent ev = EventCodec.decode(e);
                    seqs.add(ev.seq());
                    bodies.add(EventCodec.encodeBody(ev.body()));
                }
            }
            assertTrue(outbox.size() > 100, outbox.size() + " events");
            assertEquals(LongStream.rangeClosed(1, outbox.size()).boxed().toList(), seqs, "each event anchored once");
            for (int i = 0; i < outbox.size(); i++) {
                assertTrue(Arrays.equals(outbox.get(i).body(), bodies.get(i)), "event " + (i + 1) + " as written");
            }
        }
    }

    /** The index of the node that leads, once one other than {@code notThis} does (and no other does). */
    private static int awaitLeader(List<LeaderDrain> drains, int notThis) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            int found = -1;
            int count = 0;
            for (int i = 0; i < drains.size(); i++) {
                if (drains.get(i).leading()) {
                    found = i;
                    count++;
                }
            }
            if (count == 1 && found != notThis) {
                return found;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no new leader within 20 s");
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void terminateLeaseSession(TestDatabase db, int node) throws Exception {
        try (Connection c = db.admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = 'dynakey-outbox-lease node-" + node + "'")) {
            assertTrue(rs.next() && rs.getBoolean(1), "the lease session of node " + node + " was ended");
        }
    }
}
