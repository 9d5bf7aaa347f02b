package io.dynakey.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void a_url_gives_host_port_database_and_credentials_as_properties_and_never_shows_the_password() {
        PostgresUrl u = PostgresUrl.parse("postgres://db.example:6543/fleet?user=gw&password=s%3Dcret&sslmode=require");
        assertEquals("jdbc:postgresql://db.example:6543/fleet", u.jdbcUrl());
        assertEquals("gw", u.properties().getProperty("user"));
        assertEquals("s=cret", u.properties().getProperty("password"));
        assertEquals("require", u.properties().getProperty("sslmode"));
        assertEquals("postgres://db.example:6543/fleet?user=gw&password=***&sslmode=require", u.toString());
        assertFalse(u.redacted().contains("cret"));
    }

    @Test
    void the_port_defaults_to_5432_and_other_forms_are_refused_without_echoing_them() {
        assertEquals("jdbc:postgresql://localhost:5432/dk", PostgresUrl.parse("postgresql://localhost/dk").jdbcUrl());
        assertTrue(PostgresUrl.looksLikeOne("postgres://h/d"));
        assertFalse(PostgresUrl.looksLikeOne("/var/lib/dynakey/gateway.db"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("mysql://h/d?password=hunter2"));
        assertFalse(e.getMessage().contains("hunter2"));
        assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse("postgres://h:99999/d"));
        assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse("postgres://h/d?novalue"));
    }
}
