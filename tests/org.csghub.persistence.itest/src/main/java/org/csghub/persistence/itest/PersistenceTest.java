package org.csghub.persistence.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.csghub.health.HealthCheck;
import org.csghub.health.HealthStatus;
import org.csghub.persistence.api.Transactions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Entities of this bundle persisted and read back on PostgreSQL and on H2 (Lite's file mode), with the
 * database switched live through ConfigAdmin; migrations applied once; a contributor leaving while another
 * keeps working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PersistenceTest {

    private static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private static BundleContext context;
    private static TestDatabases postgres;
    private static String h2Url;
    private static ServiceTracker<Transactions, Transactions> transactions;

    @BeforeAll
    static void setUp() throws Exception {
        context = FrameworkUtil.getBundle(PersistenceTest.class).getBundleContext();
        Path work = Files.createDirectories(Path.of(context.getProperty("csghub.itest.work")));
        postgres = TestDatabases.start(System.getenv("CSGHUB_TEST_PG_URL"), Path.of(context.getProperty("csghub.itest.classes")),
                Path.of(context.getProperty("csghub.itest.zonky")), work);
        h2Url = "jdbc:h2:file:" + work.resolve("h2-" + UUID.randomUUID()).resolve("db") + H2_OPTIONS;
        transactions = new ServiceTracker<>(context, Transactions.class, null);
        transactions.open();
    }

    @AfterAll
    static void tearDown() throws Exception {
        transactions.close();
        configuration().delete();
        postgres.close();
    }

    @Test
    @Order(1)
    void entitiesArePersistedAndReadBackOnPostgresAndOnH2() throws Exception {
        useDatabase(postgres.url(), "");
        assertThat(saveAndRead("on postgres")).isEqualTo("on postgres");
        assertThat(TestDatabases.count(postgres.url(), "SELECT count(*) FROM itest_note")).isEqualTo(1);

        useDatabase(h2Url, "sa");
        assertThat(saveAndRead("on h2")).isEqualTo("on h2");
        long notesInH2 = tx().readOnly(em -> em.createQuery("select count(n) from Note n", Long.class).getSingleResult());
        assertThat(notesInH2).as("H2 is a separate database").isEqualTo(1L);
    }

    @Test
    @Order(2)
    void migrationsRunOnceAndDataSurvivesReconfiguration() throws Exception {
        useDatabase(postgres.url(), "");
        List<String> texts = tx().readOnly(em -> em.createQuery("select n.text from Note n", String.class).getResultList());
        assertThat(texts).containsExactly("on postgres");
        // each contributor versions its schema in its own history table, V1 recorded exactly once
        assertThat(TestDatabases.count(postgres.url(), "SELECT count(*) FROM flyway_notes WHERE version = '1'")).isEqualTo(1);
        assertThat(TestDatabases.count(postgres.url(), "SELECT count(*) FROM flyway_tags WHERE version = '1'")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aContributorLeavingDoesNotDisturbTheOthers() throws Exception {
        useDatabase(postgres.url(), "");
        tx().run(em -> em.persist(new Tag("gpu")));
        String tag = tx().readOnly(em -> em.find(Tag.class, "gpu").name());
        assertThat(tag).isEqualTo("gpu");

        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    saveAndRead("while tags leave");
                    done.incrementAndGet();
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        });
        load.start();
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        ComponentDescriptionDTO tags = scr.getComponentDescriptionDTO(context.getBundle(), TagsContributor.class.getName());
        scr.disableComponent(tags).getValue();
        // the rebuilt factory no longer knows Tag; until then the old one serves
        await(() -> isUnknownEntity(() -> tx().readOnly(em -> em.find(Tag.class, "gpu"))), Duration.ofSeconds(30));
        Thread.sleep(300);
        running.set(false);
        load.join();
        assertThat(failures).as("notes transactions while tags left").isEmpty();
        assertThat(done.get()).isPositive();

        scr.enableComponent(tags).getValue();
        await(() -> !isUnknownEntity(() -> tx().readOnly(em -> em.find(Tag.class, "gpu"))), Duration.ofSeconds(30));
        String again = tx().readOnly(em -> em.find(Tag.class, "gpu").name());
        assertThat(again).isEqualTo("gpu");
    }

    @Test
    @Order(4)
    void anUnreachableDatabaseIsReportedDownWithItsCause() throws Exception {
        configure("jdbc:postgresql://127.0.0.1:1/nothing?user=postgres&connectTimeout=1", "", 1000);
        HealthStatus status = awaitHealth(s -> s.state() == HealthStatus.State.DOWN, Duration.ofSeconds(60));
        assertThat(status.message()).isNotBlank();
        assertThatThrownBy(() -> tx().readOnly(em -> em.find(Note.class, 1L)))
                .hasMessageContaining("not available");
    }

    @Test
    @Order(5)
    void aDatabaseThatComesUpLaterIsPickedUpWithoutARestart() throws Exception {
        String name = "late_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = postgres.extra(name, false);
        try {
            configure(url, "", 1000);
            awaitHealth(s -> s.state() == HealthStatus.State.DOWN, Duration.ofSeconds(60));
            postgres.extra(name, true);
            // no event tells the hub; its retries find the database and migrate it
            awaitHealth(s -> s.state() == HealthStatus.State.UP, Duration.ofSeconds(90));
            assertThat(saveAndRead("late")).isEqualTo("late");
        } finally {
            configure(postgres.url(), "", 30000);
            postgres.extra(name, false);
        }
    }

    private static String saveAndRead(String text) {
        Long id = tx().inTransaction(em -> {
            Note note = new Note(text);
            em.persist(note);
            em.flush();
            return note.id();
        });
        return tx().readOnly(em -> em.find(Note.class, id).text());
    }

    private static void useDatabase(String url, String user) throws Exception {
        Long before = currentDatabaseServiceId();
        if (configure(url, user, 30000) && before != null) {
            // the component is replaced: wait until the old one's services are gone, so nothing below uses them
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (before.equals(currentDatabaseServiceId()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        awaitHealth(s -> s.state() == HealthStatus.State.UP
                && String.valueOf(s.details().get("url")).startsWith(url.split("\\?")[0]), Duration.ofSeconds(90));
    }

    /** Applies the configuration; false when it was already in place (then nothing restarts). */
    private static boolean configure(String url, String user, long wait) throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("url", url);
        props.put("user", user);
        props.put("startupWaitMillis", wait);
        return configuration().updateIfDifferent(props);
    }

    private static Long currentDatabaseServiceId() {
        var ref = context.getServiceReference(Transactions.class);
        return ref == null ? null : (Long) ref.getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    private static Configuration configuration() throws Exception {
        return service(ConfigurationAdmin.class).getConfiguration("org.csghub.persistence", "?");
    }

    private static HealthStatus awaitHealth(java.util.function.Predicate<HealthStatus> done, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HealthStatus last = null;
        while (System.nanoTime() < deadline) {
            for (var ref : context.getServiceReferences(HealthCheck.class, "(health.name=database)")) {
                HealthCheck check = context.getService(ref);
                try {
                    last = check.check();
                    if (done.test(last)) {
                        return last;
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Database health not as expected within " + timeout + "; last: " + last);
    }

    private static Transactions tx() {
        try {
            Transactions t = transactions.waitForService(30_000);
            assertThat(t).as("Transactions service").isNotNull();
            return t;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static <S> S service(Class<S> type) {
        return context.getService(context.getServiceReference(type));
    }

    private static boolean isUnknownEntity(Runnable call) {
        try {
            call.run();
            return false;
        } catch (IllegalArgumentException | jakarta.persistence.PersistenceException e) {
            return String.valueOf(e.getMessage()).contains("Tag") || String.valueOf(e.getMessage()).contains("entity");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
