package org.csghub.persistence.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Header;

/**
 * Marks a bundle as holding JPA entities (put it on a package-info or any class). Hibernate defines its
 * lazy-loading proxy classes in the entity's own class loader, and those classes implement Hibernate
 * interfaces, so the bundle needs to import Hibernate's proxy packages dynamically; bnd writes that header.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Header(name = "DynamicImport-Package",
        value = "org.hibernate.proxy,org.hibernate.proxy.*,org.hibernate.engine.spi,org.hibernate.bytecode.*")
public @interface EntityBundle {
}
