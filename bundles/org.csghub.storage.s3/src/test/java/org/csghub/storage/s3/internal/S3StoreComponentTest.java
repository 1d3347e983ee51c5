package org.csghub.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.csghub.storage.api.ObjectStore;
import org.csghub.testing.s3.S3Proxy;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component: registers a store only when an endpoint is configured. */
class S3StoreComponentTest {

    private final List<Object[]> registered = new ArrayList<>();
    private final List<String> unregistered = new ArrayList<>();

    @Test
    void withoutAnEndpointNothingIsRegistered() {
        S3StoreComponent component = new S3StoreComponent(context(), config(Map.of("endpoint", "  ")));
        assertThat(registered).isEmpty();
        component.deactivate();
        assertThat(unregistered).isEmpty();
    }

    @Test
    void withAnEndpointTheStoreIsRegisteredAsS3() throws Exception {
        S3Proxy s3 = S3Proxy.shared();
        S3StoreComponent component = new S3StoreComponent(context(), config(Map.of("endpoint", s3.endpoint().toString(),
                "bucket", s3.bucket(), "accessKey", s3.accessKey(), "_secretKey", s3.secretKey())));
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0)[0]).isEqualTo(ObjectStore.class.getName());
        assertThat(((Dictionary<?, ?>) registered.get(0)[2]).get(ObjectStore.NAME)).isEqualTo("s3");
        ObjectStore store = (ObjectStore) registered.get(0)[1];
        store.put("component/k", new java.io.ByteArrayInputStream(new byte[] {5}), 1, null);
        assertThat(store.stat("component/k")).isPresent();
        assertThat(store.toString()).doesNotContain(s3.secretKey());
        component.deactivate();
        assertThat(unregistered).containsExactly("unregister");
    }

    @Test
    void anUnreachableS3StillRegistersTheStore() {
        S3StoreComponent component = new S3StoreComponent(context(), config(Map.of("endpoint", "http://127.0.0.1:9")));
        assertThat(registered).hasSize(1);
        component.deactivate();
    }

    @Test
    void aMisconfiguredStoreIsNotRegistered() {
        S3StoreComponent component = new S3StoreComponent(context(), config(Map.of("endpoint", "http://127.0.0.1:9",
                "partSize", 1024L)));
        assertThat(registered).isEmpty();
        component.deactivate();
    }

    @Test
    void anInvalidBucketNameIsNotRegistered() {
        S3StoreComponent component = new S3StoreComponent(context(), config(Map.of("endpoint", "http://127.0.0.1:9",
                "bucket", "Not_A_Bucket")));
        assertThat(registered).isEmpty();
        component.deactivate();
    }

    private BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    unregistered.add(method.getName());
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        Object clazz = args[0] instanceof Class<?> c ? c.getName() : args[0];
                        registered.add(new Object[] {clazz, args[1], args[2]});
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The typed configuration DS would build: the given values, defaults for the rest. */
    static S3Config config(Map<String, Object> values) {
        return (S3Config) Proxy.newProxyInstance(S3Config.class.getClassLoader(), new Class<?>[] {S3Config.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return S3Config.class;
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
