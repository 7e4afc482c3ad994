package dev.rotor.testing;

import static dev.rotor.testing.LocalLabels.AWSCURRENT;
import static dev.rotor.testing.LocalLabels.AWSPENDING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.internal.Json;
import dev.rotor.testing.StoredSecret.Version;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The in-memory Secrets Manager: the service's state and rules, without the HTTP front. Every operation takes and
 * returns the JSON of the wire protocol ({@link #call}) and fails with a {@link SecretsManagerError}. Safe under
 * concurrent calls: each operation runs under one lock, except the rotation itself, which {@code RotateSecret}
 * hands to the {@link RotationSimulator} after preparing it and which calls back into the service.
 *
 * <p>The rules are those of {@code SPEC.md} section 1: a label is on at most one version, AWSPREVIOUS follows
 * AWSCURRENT, a version's value never changes, {@code RotateSecret} creates a value-less AWSPENDING placeholder and
 * refuses while a rotation is in progress, a write of a new AWSCURRENT abandons a rotation in progress, versions
 * without labels are cleaned up past {@link #maxVersions()} (never one younger than 24 hours), and a secret that
 * cannot make room answers {@code LimitExceededException}. Secrets are addressed by name, full ARN or partial ARN
 * (the ARN without the random six-character suffix). Region {@value #REGION}, account {@value #ACCOUNT}.
 */
public final class InMemorySecretsManager {
    /** The region in every ARN. */
    public static final String REGION = "us-east-1";
    /** The account in every ARN. */
    public static final String ACCOUNT = "000000000000";
    /** The operations the service implements. */
    public static final List<String> OPERATIONS = List.of("CreateSecret", "DescribeSecret", "GetSecretValue",
            "PutSecretValue", "UpdateSecretVersionStage", "ListSecretVersionIds", "GetRandomPassword",
            "RotateSecret", "CancelRotateSecret", "UpdateSecret", "DeleteSecret", "RestoreSecret");

    /** What the temporary AWSPENDING version of a test-only rotation ({@code RotateImmediately=false}) holds. */
    public enum TestRotationValue {
        /** No value, like the placeholder of a real rotation: GetSecretValue on it fails. The default. */
        NONE,
        /** A copy of the AWSCURRENT value. */
        COPY_OF_CURRENT
    }

    private static final String ARN_PREFIX = "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_SECRET_BYTES = 65_536;
    private static final int MIN_SENSITIVE_LENGTH = 4;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, StoredSecret> secrets = new LinkedHashMap<>();
    private final Set<String> sensitive = ConcurrentHashMap.newKeySet();
    private final Timeline timeline;
    private volatile Clock clock = Clock.systemUTC();
    private volatile int maxVersions = 100;
    private volatile TestRotationValue testRotationValue = TestRotationValue.NONE;
    private volatile RotationDriver driver;

    /** A service with no secrets, on the system clock. */
    public InMemorySecretsManager() {
        this.timeline = new Timeline(() -> clock.instant(), this::scrub);
    }

    /** Every recorded call and rotation event. */
    public Timeline timeline() {
        return timeline;
    }

    /** Uses another clock, for tests of dates, version clean-up and deletion windows. */
    public void useClock(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    /** The clock the service reads. */
    public Clock clock() {
        return clock;
    }

    /** The number of versions a secret may hold before clean-up (and then the quota) applies; 100 by default. */
    public int maxVersions() {
        return maxVersions;
    }

    /** Sets the version quota (tests lower it to reach the limit quickly). */
    public void maxVersions(int max) {
        if (max < 2) {
            throw new IllegalArgumentException("maxVersions must be at least 2");
        }
        this.maxVersions = max;
    }

    /** What a test-only rotation's temporary AWSPENDING version holds. */
    public TestRotationValue testRotationValue() {
        return testRotationValue;
    }

    /** Chooses what a test-only rotation's temporary AWSPENDING version holds. */
    public void testRotationValue(TestRotationValue value) {
        this.testRotationValue = java.util.Objects.requireNonNull(value, "value");
    }

    void driver(RotationDriver driver) {
        this.driver = driver;
    }

    /**
     * Runs one operation.
     *
     * @param operation the operation name, such as {@code GetSecretValue}
     * @param request the request JSON, as the SDK sends it
     * @return the response JSON
     * @throws SecretsManagerError as the real service would answer
     */
    public ObjectNode call(String operation, JsonNode request) {
        JsonNode in = request == null || request.isNull() ? Json.MAPPER.createObjectNode() : request;
        if (!in.isObject()) {
            throw new SecretsManagerError("SerializationException", 400, "The request body must be a JSON object");
        }
        if (operation.equals("RotateSecret")) {
            return rotateSecret(in);
        }
        synchronized (this) {
            purgeDeleted();
            return switch (operation) {
                case "CreateSecret" -> createSecret(in);
                case "DescribeSecret" -> describeSecret(in);
                case "GetSecretValue" -> getSecretValue(in);
                case "PutSecretValue" -> putSecretValue(in);
                case "UpdateSecretVersionStage" -> updateSecretVersionStage(in);
                case "ListSecretVersionIds" -> listSecretVersionIds(in);
                case "GetRandomPassword" -> getRandomPassword(in);
                case "CancelRotateSecret" -> cancelRotateSecret(in);
                case "UpdateSecret" -> updateSecret(in);
                case "DeleteSecret" -> deleteSecret(in);
                case "RestoreSecret" -> restoreSecret(in);
                default -> throw new SecretsManagerError("UnknownOperationException", 400,
                        "The local Secrets Manager does not implement " + operation);
            };
        }
    }

    // ---- inspection, for tests ----

    /** The secret's full ARN. */
    public synchronized String arn(String secretId) {
        return find(secretId).arn;
    }

    /** Each version that has labels, with its labels, in creation order (what DescribeSecret reports). */
    public synchronized Map<String, List<String>> versionStages(String secretId) {
        return find(secretId).stages();
    }

    /** Every version id, labelled or not, in creation order. */
    public synchronized List<String> versionIds(String secretId) {
        return List.copyOf(find(secretId).versions.keySet());
    }

    /** The secret string of the version carrying the label; empty when none or it has no value. */
    public synchronized Optional<String> secretString(String secretId, String stage) {
        return find(secretId).withStage(stage).map(v -> v.secretString);
    }

    /** Whether a rotation is in progress: AWSPENDING on a version that does not also carry AWSCURRENT. */
    public synchronized boolean rotationInProgress(String secretId) {
        return find(secretId).rotationInProgress().isPresent();
    }

    /**
     * Replaces any value the service has stored or generated (secret strings, the values of their JSON keys whose
     * name contains {@code password}, random passwords, RotationTokens) found in the text with
     * {@value Timeline#MASK}. Values shorter than four characters are not tracked.
     */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String value : sensitive) {
            if (result.contains(value)) {
                result = result.replace(value, Timeline.MASK);
            }
        }
        return result;
    }

    /** Whether the text contains a value the service has stored or generated. */
    public boolean containsSecretMaterial(String text) {
        return text != null && sensitive.stream().anyMatch(text::contains);
    }

    // ---- the rotation, with the simulator ----

    synchronized String issueRotationToken(String secretArn) {
        String token = UUID.randomUUID() + "-" + Long.toHexString(random.nextLong());
        find(secretArn).rotationTokens.add(token);
        sensitive.add(token);
        return token;
    }

    /** Whether the rotation of this token may go on: the secret exists, is not deleted, rotation is not off. */
    synchronized boolean rotationEnabled(String secretArn, String token) {
        StoredSecret secret = secrets.get(nameOfArn(secretArn));
        return secret != null && !secret.isDeleted() && !Boolean.FALSE.equals(secret.rotationEnabled)
                && secret.versions.containsKey(token);
    }

    synchronized boolean wasAbandoned(String secretArn, String token) {
        StoredSecret secret = secrets.get(nameOfArn(secretArn));
        return secret != null && secret.abandoned.contains(token);
    }

    /** Records the end of a rotation; returns whether the token became AWSCURRENT. */
    synchronized boolean rotationEnded(String secretArn, String token) {
        StoredSecret secret = secrets.get(nameOfArn(secretArn));
        if (secret == null) {
            return false;
        }
        Version version = secret.versions.get(token);
        boolean current = version != null && version.stages.contains(AWSCURRENT);
        if (current) {
            Instant now = clock.instant();
            secret.lastRotated = now;
            if (secret.rotationRules != null) {
                secret.nextRotation = RotationSchedule.next(RotationSchedule.validate(secret.rotationRules), now)
                        .orElse(null);
            }
        }
        return current;
    }

    /** Removes the temporary version of a test-only rotation. */
    synchronized void endTestRotation(String secretArn, String token) {
        StoredSecret secret = secrets.get(nameOfArn(secretArn));
        if (secret != null) {
            secret.versions.remove(token);
        }
    }

    synchronized Map<String, List<String>> labelsOf(String secretArn) {
        StoredSecret secret = secrets.get(nameOfArn(secretArn));
        return secret == null ? Map.of() : secret.stages();
    }

    // ---- operations ----

    private ObjectNode createSecret(JsonNode in) {
        String name = Wire.requireText(in, "Name");
        if (!NAME.matcher(name).matches()) {
            throw SecretsManagerError.invalidParameter("Name must be 1 to 512 characters of letters, digits and"
                    + " /_+=.@-");
        }
        StoredSecret existing = secrets.get(name);
        if (existing != null) {
            if (existing.isDeleted()) {
                throw SecretsManagerError.invalidRequest("You can't create this secret because a secret with this"
                        + " name is already scheduled for deletion.");
            }
            throw SecretsManagerError.exists("The operation failed because the secret " + name
                    + " already exists.");
        }
        String string = Wire.text(in, "SecretString");
        String binary = Wire.text(in, "SecretBinary");
        if (string != null && binary != null) {
            throw SecretsManagerError.invalidParameter("You can't specify both SecretString and SecretBinary");
        }
        String token = clientRequestToken(in);
        Instant now = clock.instant();
        StoredSecret secret = new StoredSecret(name, ARN_PREFIX + name + "-" + suffix(), now);
        secret.description = Wire.text(in, "Description");
        secret.kmsKeyId = Wire.text(in, "KmsKeyId");
        if (in.get("Tags") instanceof ArrayNode tags) {
            secret.tags = tags.deepCopy();
        }
        ObjectNode out = Wire.names(secret);
        if (string != null || binary != null) {
            checkSize(string, binary);
            Version version = new Version(token, now);
            setValue(version, string, binary);
            version.stages.add(AWSCURRENT);
            secret.versions.put(token, version);
            out.put("VersionId", token);
        }
        secrets.put(name, secret);
        return out;
    }

    private ObjectNode describeSecret(JsonNode in) {
        StoredSecret secret = find(Wire.requireText(in, "SecretId"));
        ObjectNode out = Wire.names(secret);
        if (secret.description != null) {
            out.put("Description", secret.description);
        }
        if (secret.kmsKeyId != null) {
            out.put("KmsKeyId", secret.kmsKeyId);
        }
        if (secret.rotationEnabled != null) {
            out.put("RotationEnabled", secret.rotationEnabled);
        }
        if (secret.lambdaArn != null) {
            out.put("RotationLambdaARN", secret.lambdaArn);
        }
        if (secret.rotationRules != null) {
            out.set("RotationRules", secret.rotationRules.deepCopy());
        }
        Wire.date(out, "LastRotatedDate", secret.lastRotated);
        Wire.date(out, "LastChangedDate", secret.lastChanged);
        Wire.date(out, "LastAccessedDate", secret.lastAccessed);
        Wire.date(out, "DeletedDate", secret.deletedDate);
        if (Boolean.TRUE.equals(secret.rotationEnabled)) {
            Wire.date(out, "NextRotationDate", secret.nextRotation);
        }
        Wire.date(out, "CreatedDate", secret.created);
        if (secret.tags != null) {
            out.set("Tags", secret.tags.deepCopy());
        }
        ObjectNode stages = out.putObject("VersionIdsToStages");
        secret.stages().forEach((id, labels) -> {
            ArrayNode list = stages.putArray(id);
            labels.forEach(list::add);
        });
        return out;
    }

    private ObjectNode getSecretValue(JsonNode in) {
        StoredSecret secret = live(Wire.requireText(in, "SecretId"));
        String versionId = Wire.text(in, "VersionId");
        String stage = Wire.text(in, "VersionStage");
        Version version;
        if (versionId != null) {
            version = secret.versions.get(versionId);
            if (version == null) {
                throw SecretsManagerError.notFound("Secrets Manager can't find the specified secret value for"
                        + " VersionId: " + versionId);
            }
            if (stage != null && !version.stages.contains(stage)) {
                throw SecretsManagerError.notFound("Secrets Manager can't find the specified secret value for"
                        + " VersionId: " + versionId + " and staging label: " + stage);
            }
        } else {
            String label = stage == null ? AWSCURRENT : stage;
            version = secret.withStage(label).orElseThrow(() -> SecretsManagerError.notFound("Secrets Manager"
                    + " can't find the specified secret value for staging label: " + label));
        }
        if (!version.hasValue()) {
            throw SecretsManagerError.notFound("Secrets Manager can't find the specified secret value for VersionId: "
                    + version.id);
        }
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        version.lastAccessed = today;
        secret.lastAccessed = today;
        ObjectNode out = Wire.names(secret);
        out.put("VersionId", version.id);
        if (version.secretString != null) {
            out.put("SecretString", version.secretString);
        } else {
            out.put("SecretBinary", version.secretBinary);
        }
        ArrayNode stages = out.putArray("VersionStages");
        version.stages.forEach(stages::add);
        Wire.date(out, "CreatedDate", version.created);
        return out;
    }

    private ObjectNode putSecretValue(JsonNode in) {
        StoredSecret secret = live(Wire.requireText(in, "SecretId"));
        String string = Wire.text(in, "SecretString");
        String binary = Wire.text(in, "SecretBinary");
        if ((string == null) == (binary == null)) {
            throw SecretsManagerError.invalidParameter("You must provide either SecretString or SecretBinary, but"
                    + " not both.");
        }
        checkSize(string, binary);
        String rotationToken = Wire.text(in, "RotationToken");
        if (rotationToken != null && !secret.rotationTokens.contains(rotationToken)) {
            throw SecretsManagerError.invalidParameter("The RotationToken was not issued for this secret.");
        }
        List<String> stages = Wire.labels(in.get("VersionStages"));
        String token = clientRequestToken(in);
        Version version = secret.versions.get(token);
        if (version != null && version.hasValue()) {
            if (!version.sameValue(string, binary)) {
                throw SecretsManagerError.exists("You can't modify an existing version, you can only create a new"
                        + " version. A version with VersionId " + token + " already exists with a different value.");
            }
            return Wire.versionResponse(secret, version);
        }
        if (version == null) {
            secret.makeRoom(clock.instant(), maxVersions);
            version = new Version(token, clock.instant());
            secret.versions.put(token, version);
        }
        setValue(version, string, binary);
        for (String stage : stages == null ? List.of(AWSCURRENT) : stages) {
            secret.attach(stage, version, true, timeline);
        }
        secret.lastChanged = clock.instant();
        return Wire.versionResponse(secret, version);
    }

    private ObjectNode updateSecret(JsonNode in) {
        StoredSecret secret = live(Wire.requireText(in, "SecretId"));
        String string = Wire.text(in, "SecretString");
        String binary = Wire.text(in, "SecretBinary");
        if (string != null && binary != null) {
            throw SecretsManagerError.invalidParameter("You can't specify both SecretString and SecretBinary");
        }
        if (in.has("Description")) {
            secret.description = Wire.text(in, "Description");
        }
        if (in.has("KmsKeyId")) {
            secret.kmsKeyId = Wire.text(in, "KmsKeyId");
        }
        secret.lastChanged = clock.instant();
        ObjectNode out = Wire.names(secret);
        if (string == null && binary == null) {
            return out;
        }
        checkSize(string, binary);
        String token = clientRequestToken(in);
        if (secret.versions.containsKey(token)) {
            throw SecretsManagerError.exists("You can't modify an existing version, you can only create a new"
                    + " version. A version with VersionId " + token + " already exists.");
        }
        secret.makeRoom(clock.instant(), maxVersions);
        Version version = new Version(token, clock.instant());
        setValue(version, string, binary);
        secret.versions.put(token, version);
        secret.attach(AWSCURRENT, version, true, timeline);
        out.put("VersionId", token);
        return out;
    }

    private ObjectNode updateSecretVersionStage(JsonNode in) {
        StoredSecret secret = live(Wire.requireText(in, "SecretId"));
        String stage = Wire.requireText(in, "VersionStage");
        StoredSecret.checkLabel(stage);
        String moveTo = Wire.text(in, "MoveToVersionId");
        String removeFrom = Wire.text(in, "RemoveFromVersionId");
        if (moveTo == null && removeFrom == null) {
            throw SecretsManagerError.invalidParameter("Specify MoveToVersionId, RemoveFromVersionId or both");
        }
        Version target = moveTo == null ? null : requireVersion(secret, moveTo);
        Version source = removeFrom == null ? null : requireVersion(secret, removeFrom);
        if (source != null && !source.stages.contains(stage)) {
            throw SecretsManagerError.invalidParameter("The staging label " + stage + " is not attached to version "
                    + removeFrom + ", so it can't be removed from it.");
        }
        Optional<Version> holder = secret.withStage(stage);
        if (target != null && holder.isPresent() && holder.get() != target && holder.get() != source) {
            throw SecretsManagerError.invalidParameter("The staging label " + stage + " is currently attached to"
                    + " version " + holder.get().id + ". Specify that version in RemoveFromVersionId to move it.");
        }
        if (target == null && stage.equals(AWSCURRENT)) {
            throw SecretsManagerError.invalidParameter("You can't remove the staging label AWSCURRENT without"
                    + " moving it to another version (MoveToVersionId).");
        }
        if (target == null) {
            source.stages.remove(stage);
        } else if (holder.orElse(null) != target) {
            secret.attach(stage, target, false, timeline);
        }
        secret.lastChanged = clock.instant();
        return Wire.names(secret);
    }

    private ObjectNode listSecretVersionIds(JsonNode in) {
        StoredSecret secret = find(Wire.requireText(in, "SecretId"));
        boolean deprecated = Wire.bool(in, "IncludeDeprecated", false);
        long max = Wire.number(in, "MaxResults", 100);
        if (max < 1 || max > 100) {
            throw SecretsManagerError.invalidParameter("MaxResults must be between 1 and 100");
        }
        List<Version> versions = secret.versions.values().stream()
                .filter(v -> deprecated || !v.stages.isEmpty()).toList();
        int start = 0;
        String next = Wire.text(in, "NextToken");
        if (next != null) {
            try {
                start = Integer.parseInt(next);
            } catch (NumberFormatException e) {
                throw new SecretsManagerError("InvalidNextTokenException", 400, "The NextToken is not valid");
            }
            if (start < 0 || start > versions.size()) {
                throw new SecretsManagerError("InvalidNextTokenException", 400, "The NextToken is not valid");
            }
        }
        int end = (int) Math.min(versions.size(), start + max);
        ObjectNode out = Wire.names(secret);
        ArrayNode list = out.putArray("Versions");
        for (Version version : versions.subList(start, end)) {
            ObjectNode item = list.addObject();
            item.put("VersionId", version.id);
            ArrayNode stages = item.putArray("VersionStages");
            version.stages.forEach(stages::add);
            Wire.date(item, "CreatedDate", version.created);
            Wire.date(item, "LastAccessedDate", version.lastAccessed);
        }
        if (end < versions.size()) {
            out.put("NextToken", Integer.toString(end));
        }
        return out;
    }

    private ObjectNode getRandomPassword(JsonNode in) {
        String password = RandomPasswords.generate(Wire.number(in, "PasswordLength", 32),
                Wire.text(in, "ExcludeCharacters"),
                Wire.bool(in, "ExcludeNumbers", false), Wire.bool(in, "ExcludePunctuation", false),
                Wire.bool(in, "ExcludeUppercase", false), Wire.bool(in, "ExcludeLowercase", false),
                Wire.bool(in, "IncludeSpace", false), Wire.bool(in, "RequireEachIncludedType", true));
        remember(password);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("RandomPassword", password);
        return out;
    }

    private ObjectNode rotateSecret(JsonNode in) {
        String arn;
        String function;
        String token;
        boolean testOnly = !Wire.bool(in, "RotateImmediately", true);
        synchronized (this) {
            purgeDeleted();
            StoredSecret secret = live(Wire.requireText(in, "SecretId"));
            String requested = Wire.text(in, "ClientRequestToken");
            if (requested != null && secret.versions.containsKey(requested)
                    && secret.rotationInProgress().map(v -> !v.id.equals(requested)).orElse(true)) {
                ObjectNode out = Wire.names(secret);
                out.put("VersionId", requested); // a retried request: the rotation already started
                return out;
            }
            function = Wire.text(in, "RotationLambdaARN");
            if (function == null) {
                function = secret.lambdaArn;
            }
            if (function == null) {
                throw SecretsManagerError.invalidRequest("No Lambda rotation function ARN is associated with this"
                        + " secret.");
            }
            JsonNode rules = in.get("RotationRules");
            Optional<Duration> interval = Optional.empty();
            if (rules != null && !rules.isNull()) {
                interval = RotationSchedule.validate(rules);
            }
            if (secret.rotationInProgress().isPresent()) {
                throw SecretsManagerError.invalidRequest("A previous rotation isn't complete. That rotation will be"
                        + " reattempted.");
            }
            Version current = secret.withStage(AWSCURRENT).orElseThrow(() -> SecretsManagerError.invalidRequest(
                    "The secret has no AWSCURRENT version to rotate."));
            RotationDriver rotations = driver;
            if (rotations != null) {
                rotations.checkFunction(function);
            }
            token = clientRequestToken(in);
            secret.makeRoom(clock.instant(), maxVersions);
            secret.rotationEnabled = true;
            secret.lambdaArn = function;
            if (rules != null && !rules.isNull()) {
                secret.rotationRules = (ObjectNode) rules.deepCopy();
                secret.nextRotation = RotationSchedule.next(interval,
                        secret.lastRotated == null ? clock.instant() : secret.lastRotated).orElse(null);
            }
            Version placeholder = new Version(token, clock.instant());
            if (testOnly && testRotationValue == TestRotationValue.COPY_OF_CURRENT) {
                setValue(placeholder, current.secretString, current.secretBinary);
            }
            secret.versions.put(token, placeholder);
            secret.attach(AWSPENDING, placeholder, false, timeline);
            arn = secret.arn;
        }
        RotationDriver rotations = driver;
        if (rotations != null) {
            rotations.rotate(arn, function, token, testOnly);
        }
        synchronized (this) {
            StoredSecret secret = secrets.get(nameOfArn(arn));
            ObjectNode out = secret == null ? Json.MAPPER.createObjectNode().put("ARN", arn) : Wire.names(secret);
            out.put("VersionId", token);
            return out;
        }
    }

    private ObjectNode cancelRotateSecret(JsonNode in) {
        StoredSecret secret = live(Wire.requireText(in, "SecretId"));
        secret.rotationEnabled = false;
        secret.nextRotation = null;
        ObjectNode out = Wire.names(secret);
        secret.rotationInProgress().ifPresent(v -> out.put("VersionId", v.id));
        return out;
    }

    private ObjectNode deleteSecret(JsonNode in) {
        StoredSecret secret = find(Wire.requireText(in, "SecretId"));
        boolean force = Wire.bool(in, "ForceDeleteWithoutRecovery", false);
        JsonNode window = in.get("RecoveryWindowInDays");
        if (force && window != null && !window.isNull()) {
            throw SecretsManagerError.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with"
                    + " RecoveryWindowInDays.");
        }
        long days = Wire.number(in, "RecoveryWindowInDays", 30);
        if (days < 7 || days > 30) {
            throw SecretsManagerError.invalidParameter("RecoveryWindowInDays must be between 7 and 30");
        }
        Instant now = clock.instant();
        ObjectNode out = Wire.names(secret);
        if (force) {
            secrets.remove(secret.name);
            Wire.date(out, "DeletionDate", now);
            return out;
        }
        if (secret.isDeleted()) {
            throw SecretsManagerError.invalidRequest("You can't delete secret " + secret.name + " because it's"
                    + " already scheduled for deletion.");
        }
        secret.deletedDate = now;
        secret.deletionDate = now.plus(Duration.ofDays(days));
        Wire.date(out, "DeletionDate", secret.deletionDate);
        return out;
    }

    private ObjectNode restoreSecret(JsonNode in) {
        StoredSecret secret = find(Wire.requireText(in, "SecretId"));
        secret.deletedDate = null;
        secret.deletionDate = null;
        return Wire.names(secret);
    }

    // ---- rules ----

    private Version requireVersion(StoredSecret secret, String id) {
        Version version = secret.versions.get(id);
        if (version == null) {
            throw SecretsManagerError.invalidParameter("Version " + id + " is not a version of secret "
                    + secret.name);
        }
        return version;
    }

    private void purgeDeleted() {
        Instant now = clock.instant();
        secrets.values().removeIf(s -> s.deletionDate != null && !s.deletionDate.isAfter(now));
    }

    private StoredSecret find(String secretId) {
        if (secretId == null || secretId.isEmpty()) {
            throw SecretsManagerError.invalidParameter("SecretId is required");
        }
        StoredSecret secret = null;
        if (secretId.startsWith("arn:")) {
            for (StoredSecret candidate : secrets.values()) {
                if (candidate.arn.equals(secretId) || (ARN_PREFIX + candidate.name).equals(secretId)) {
                    secret = candidate;
                    break;
                }
            }
        } else {
            secret = secrets.get(secretId);
        }
        if (secret == null) {
            throw SecretsManagerError.notFound("Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private StoredSecret live(String secretId) {
        StoredSecret secret = find(secretId);
        if (secret.isDeleted()) {
            throw SecretsManagerError.invalidRequest("You can't perform this operation on the secret because it was"
                    + " marked for deletion.");
        }
        return secret;
    }

    private String nameOfArn(String arn) {
        for (StoredSecret candidate : secrets.values()) {
            if (candidate.arn.equals(arn) || candidate.name.equals(arn)) {
                return candidate.name;
            }
        }
        return arn;
    }

    private void setValue(Version version, String string, String binary) {
        version.secretString = string;
        version.secretBinary = binary;
        remember(string);
        remember(binary);
        if (string != null && string.stripLeading().startsWith("{")) {
            try {
                JsonNode json = Json.MAPPER.readTree(string);
                if (json != null && json.isObject()) {
                    json.properties().forEach(field -> {
                        if (field.getKey().toLowerCase(java.util.Locale.ROOT).contains("password")
                                && field.getValue().isTextual()) {
                            remember(field.getValue().textValue());
                        }
                    });
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                // not JSON: the whole string is remembered already
            }
        }
    }

    private void remember(String value) {
        if (value != null && value.length() >= MIN_SENSITIVE_LENGTH) {
            sensitive.add(value);
        }
    }

    private static void checkSize(String string, String binary) {
        String value = string != null ? string : binary;
        if (value != null && value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
            throw SecretsManagerError.invalidParameter("The secret value must be at most " + MAX_SECRET_BYTES
                    + " bytes");
        }
    }

    private String clientRequestToken(JsonNode in) {
        String token = Wire.text(in, "ClientRequestToken");
        if (token == null) {
            return UUID.randomUUID().toString();
        }
        if (token.length() < 32 || token.length() > 64) {
            throw SecretsManagerError.invalidParameter("ClientRequestToken must be 32 to 64 characters");
        }
        return token;
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
        }
        return suffix.toString();
    }
}
