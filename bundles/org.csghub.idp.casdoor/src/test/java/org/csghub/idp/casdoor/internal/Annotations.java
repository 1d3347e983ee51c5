package org.csghub.idp.casdoor.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A typed-configuration instance outside OSGi: what DS hands a component, built from a map the way DS maps
 * property names to methods ({@code _clientSecret} reads {@code .clientSecret}), with the annotation's defaults.
 */
final class Annotations {

    private Annotations() {
    }

    static <A> A config(Class<A> type, Map<String, Object> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + properties.keySet();
                    case "hashCode" -> properties.hashCode();
                    case "equals" -> proxy == args[0];
                    case "annotationType" -> type;
                    default -> value(method, properties);
                }));
    }

    private static Object value(Method method, Map<String, Object> properties) {
        String name = method.getName().startsWith("_") ? "." + method.getName().substring(1) : method.getName();
        Object value = properties.containsKey(name) ? properties.get(name) : method.getDefaultValue();
        if (value == null) {
            throw new IllegalStateException("no value for " + name);
        }
        return value;
    }
}
