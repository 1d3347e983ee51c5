package org.csghub.persistence.itest;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "itest_tag")
public class Tag {

    @Id
    @Column(length = 64)
    private String name;

    protected Tag() {
    }

    public Tag(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }
}
