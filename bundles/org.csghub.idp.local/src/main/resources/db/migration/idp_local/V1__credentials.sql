-- Local passwords (Argon2id, PHC string format) and the failed-login state that slows down and locks guessing.
create table idp_local_credential (
    user_id        bigint primary key,
    password_hash  varchar(256) not null,
    failed_logins  integer not null,
    locked_until   timestamp with time zone,
    updated_at     timestamp with time zone not null
);
