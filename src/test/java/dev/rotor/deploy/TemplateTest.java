package dev.rotor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rotor.RotationHandler;
import dev.rotor.deploy.Template.Guarded;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The security properties of {@code template.yaml}, asserted on the parsed template. */
class TemplateTest {
    private static final List<String> HANDLERS = List.of(
            "dev.rotor.postgresql.PostgreSqlSingleUserHandler",
            "dev.rotor.postgresql.PostgreSqlAlternatingUsersHandler",
            "dev.rotor.mysql.MySqlSingleUserHandler",
            "dev.rotor.mysql.MySqlAlternatingUsersHandler",
            "dev.rotor.mysql.MariaDbSingleUserHandler",
            "dev.rotor.mysql.MariaDbAlternatingUsersHandler");

    private final JsonNode template = Template.read();
    private final JsonNode parameters = template.get("Parameters");
    private final JsonNode resources = template.get("Resources");
    private final JsonNode function = resources.get("RotationFunction").get("Properties");

    @Test
    void isASamTemplate() {
        assertThat(template.get("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(resources.get("RotationFunction").get("Type").asText()).isEqualTo("AWS::Serverless::Function");
    }

    @Test
    void offersTheSixReadyMadeHandlersWithPostgreSqlSingleUserAsDefault() {
        JsonNode handler = parameters.get("HandlerClass");
        assertThat(Template.strings(handler.get("AllowedValues"))).containsExactlyElementsOf(HANDLERS);
        assertThat(handler.get("Default").asText()).isEqualTo("dev.rotor.postgresql.PostgreSqlSingleUserHandler");
        assertThat(function.get("Handler")).isEqualTo(Template.ref("HandlerClass"));
    }

    @ParameterizedTest
    @FieldSource("HANDLERS")
    void eachOfferedHandlerIsAHandlerClassWithANoArgumentConstructor(String name) throws Exception {
        Class<?> type;
        try {
            type = Class.forName(name, false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            assumeTrue(false, "Skipped: " + name + " is not in this build yet");
            return;
        }
        assertThat(RotationHandler.class).as(name).isAssignableFrom(type);
        assertThat(type.getConstructor().getParameterCount()).as(name).isZero();
    }

    @Test
    void runsOnJava21OrLaterOnArm64FromThePackageTheBuildMakes() throws IOException {
        assertThat(function.get("Runtime").asText()).isIn("java21", "java25");
        assertThat(Template.strings(function.get("Architectures"))).containsExactly("arm64");
        assertThat(function.get("CodeUri").asText()).isEqualTo("target/rotor-lambda.zip");
        assertThat(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8))
                .contains("<outputFile>${project.build.directory}/rotor-lambda.zip</outputFile>");
        assertThat(function.get("MemorySize").asInt()).isBetween(256, 1024);
        assertThat(function.get("Timeout").asInt()).isBetween(15, 120);
    }

    @Test
    void theFunctionUsesOnlyTheExplicitRole() {
        assertThat(function.has("Policies")).as("SAM Policies would add managed policies").isFalse();
        assertThat(function.get("Role")).hasToString("{\"Fn::GetAtt\":[\"RotationFunctionRole\",\"Arn\"]}");
        JsonNode role = resources.get("RotationFunctionRole").get("Properties");
        assertThat(role.has("ManagedPolicyArns")).isFalse();
        JsonNode trust = role.get("AssumeRolePolicyDocument").get("Statement");
        assertThat(trust).hasSize(1);
        assertThat(trust.get(0).get("Principal").get("Service").asText()).isEqualTo("lambda.amazonaws.com");
    }

    @Test
    void secretsManagerAccessIsScopedToTheSecretAndPasswordGenerationAlone() {
        List<Guarded> statements = roleStatements();
        assertThat(statements).flatExtracting(Guarded::actions).noneMatch(action -> action.contains("*"));

        Guarded rotate = only(statements, "secretsmanager:PutSecretValue");
        assertThat(rotate.condition()).isNull();
        assertThat(rotate.actions()).containsExactlyInAnyOrder("secretsmanager:DescribeSecret",
                "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue",
                "secretsmanager:UpdateSecretVersionStage");
        assertThat(rotate.resource()).isEqualTo(Template.ref("SecretArn"));

        Guarded random = only(statements, "secretsmanager:GetRandomPassword");
        assertThat(random.actions()).containsExactly("secretsmanager:GetRandomPassword");
        assertThat(random.resource().asText()).isEqualTo("*");
        // only when the function asks Secrets Manager for passwords; by default it makes them itself
        assertThat(random.condition()).isEqualTo("PasswordsFromSecretsManager");
        assertThat(condition("PasswordsFromSecretsManager")).hasToString(
                "{\"Fn::Equals\":[{\"Ref\":\"PasswordSource\"},\"secretsmanager\"]}");
        assertThat(parameters.get("PasswordSource").get("Default").asText()).isEqualTo("local");
        assertThat(function.get("Environment").get("Variables").get("ROTOR_PASSWORD_SOURCE"))
                .isEqualTo(Template.ref("PasswordSource"));

        assertThat(statements).filteredOn(s -> "*".equals(s.resource().asText()))
                .allSatisfy(s -> assertThat(s.actions()).allMatch(action ->
                        action.equals("secretsmanager:GetRandomPassword") || action.startsWith("ec2:")));
        assertThat(statements).filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("secretsmanager:")))
                .extracting(Guarded::resource)
                .containsOnly(Template.ref("SecretArn"), Template.ref("SuperuserSecretArn"),
                        TextNode.valueOf("*"));
    }

    @Test
    void theSuperuserSecretIsReadableOnlyWhenGiven() {
        Guarded superuser = statementOn(roleStatements(), Template.ref("SuperuserSecretArn"));
        assertThat(superuser.condition()).isEqualTo("HasSuperuserSecret");
        assertThat(superuser.actions()).containsExactly("secretsmanager:GetSecretValue");
        assertThat(condition("HasSuperuserSecret")).hasToString(
                "{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"SuperuserSecretArn\"},\"\"]}]}");
        assertThat(parameters.get("SuperuserSecretArn").get("Default").asText()).isEmpty();
    }

    @Test
    void kmsIsUsableOnlyForTheGivenKeyAndOnlyThroughSecretsManager() {
        List<Guarded> kms = roleStatements().stream()
                .filter(s -> s.actions().stream().anyMatch(action -> action.startsWith("kms:"))).toList();
        assertThat(kms).singleElement().satisfies(statement -> {
            assertThat(statement.condition()).isEqualTo("HasKmsKey");
            assertThat(statement.actions()).containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey");
            assertThat(statement.resource()).isEqualTo(Template.ref("KmsKeyArn"));
            assertThat(statement.statement().get("Condition").get("StringEquals").get("kms:ViaService"))
                    .hasToString("{\"Fn::Sub\":\"secretsmanager.${AWS::Region}.${AWS::URLSuffix}\"}");
        });
        assertThat(condition("HasKmsKey")).hasToString(
                "{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"KmsKeyArn\"},\"\"]}]}");
    }

    @Test
    void theVpcAndItsNetworkPermissionsComeOnlyWithSubnets() {
        assertThat(function.get("VpcConfig").get("Fn::If").get(0).asText()).isEqualTo("HasVpc");
        assertThat(function.get("VpcConfig").get("Fn::If").get(2)).isEqualTo(Template.ref("AWS::NoValue"));
        assertThat(roleStatements()).filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("ec2:")))
                .singleElement().satisfies(statement -> {
                    assertThat(statement.condition()).isEqualTo("HasVpc");
                    assertThat(statement.actions()).contains("ec2:CreateNetworkInterface",
                            "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface");
                });
        assertThat(condition("HasVpc").toString()).contains("{\"Ref\":\"SubnetIds\"}");
        assertThat(parameters.get("SubnetIds").get("Default").asText()).isEmpty();
    }

    @Test
    void logsGoOnlyToTheFunctionsOwnLogGroup() {
        Guarded logs = only(roleStatements(), "logs:PutLogEvents");
        assertThat(logs.actions()).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(logs.resource()).hasToString("{\"Fn::GetAtt\":[\"RotationLogGroup\",\"Arn\"]}");
        assertThat(function.get("LoggingConfig").get("LogGroup")).isEqualTo(Template.ref("RotationLogGroup"));
        assertThat(function.get("LoggingConfig").get("LogFormat")).isEqualTo(Template.ref("LogFormat"));
    }

    @Test
    void onlySecretsManagerActingForThisAccountAndSecretMayInvokeTheFunction() {
        JsonNode permission = resources.get("RotationInvokePermission");
        assertThat(permission.get("Type").asText()).isEqualTo("AWS::Lambda::Permission");
        JsonNode properties = permission.get("Properties");
        assertThat(properties.get("Action").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(properties.get("Principal").asText()).isEqualTo("secretsmanager.amazonaws.com");
        assertThat(properties.get("SourceAccount")).isEqualTo(Template.ref("AWS::AccountId"));
        assertThat(properties.get("SourceArn")).isEqualTo(Template.ref("SecretArn"));
        assertThat(properties.get("FunctionName")).isEqualTo(Template.ref("RotationFunction.Alias"));
    }

    @Test
    void theScheduleWaitsForThePermissionAndInvokesTheSameFunction() {
        JsonNode schedule = resources.get("RotationSchedule");
        assertThat(schedule.get("Type").asText()).isEqualTo("AWS::SecretsManager::RotationSchedule");
        assertThat(Template.strings(schedule.get("DependsOn"))).containsExactly("RotationInvokePermission");
        JsonNode properties = schedule.get("Properties");
        assertThat(properties.get("SecretId")).isEqualTo(Template.ref("SecretArn"));
        assertThat(properties.get("RotationLambdaARN"))
                .isEqualTo(resources.get("RotationInvokePermission").get("Properties").get("FunctionName"));
        assertThat(properties.get("RotateImmediatelyOnUpdate").toString()).isEqualTo("{\"Fn::If\":[\"RotateOnUpdate\""
                + ",true,false]}");
        assertThat(properties.get("RotationRules").get("ScheduleExpression"))
                .isEqualTo(Template.ref("ScheduleExpression"));
        assertThat(properties.get("RotationRules").get("Duration").get("Fn::If").get(1))
                .isEqualTo(Template.ref("RotationWindow"));
    }

    @Test
    void snapStartIsOptInAndItsParameterExplainsTheInactiveTrap() {
        JsonNode snapStart = parameters.get("SnapStart");
        assertThat(snapStart.get("Default").asText()).isEqualTo("false");
        assertThat(snapStart.get("Description").asText()).contains("14").contains("Inactive");
        assertThat(function.get("SnapStart").get("ApplyOn").toString())
                .isEqualTo("{\"Fn::If\":[\"UseSnapStart\",\"PublishedVersions\",\"None\"]}");
        assertThat(condition("UseSnapStart").toString())
                .isEqualTo("{\"Fn::Equals\":[{\"Ref\":\"SnapStart\"},\"true\"]}");
        assertThat(function.get("AutoPublishAlias").asText()).isNotBlank();
    }

    @Test
    void passesThePasswordSettingsUnderTheAwsTemplatesNames() {
        JsonNode variables = function.get("Environment").get("Variables");
        Map<String, String> expected = new TreeMap<>(Map.of(
                "PASSWORD_LENGTH", "PasswordLength",
                "EXCLUDE_NUMBERS", "ExcludeNumbers",
                "EXCLUDE_PUNCTUATION", "ExcludePunctuation",
                "EXCLUDE_UPPERCASE", "ExcludeUppercase",
                "EXCLUDE_LOWERCASE", "ExcludeLowercase",
                "REQUIRE_EACH_INCLUDED_TYPE", "RequireEachIncludedType"));
        expected.forEach((variable, parameter) -> {
            assertThat(variables.get(variable)).as(variable).isEqualTo(Template.ref(parameter));
            assertThat(parameters.has(parameter)).as(parameter).isTrue();
        });
        assertThat(parameters.get("PasswordLength").get("Default").asInt()).isEqualTo(32);
        // Empty means "the engine's default", so the variable is left out rather than set to "" (exclude nothing).
        assertThat(variables.get("EXCLUDE_CHARACTERS").toString()).isEqualTo("{\"Fn::If\":[\"HasExcludeCharacters\","
                + "{\"Ref\":\"ExcludeCharacters\"},{\"Ref\":\"AWS::NoValue\"}]}");
        assertThat(parameters.get("RequireEachIncludedType").get("Default").asText()).isEqualTo("true");
    }

    @Test
    void theJvmStopsAtC1WithOneCompilerThreadAndStartsWithThoseFlags() throws Exception {
        String options = function.get("Environment").get("Variables").get("JAVA_TOOL_OPTIONS").asText();
        assertThat(options.split(" ")).containsExactly("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1");
        assertThat(javaVersion(options)).as("a JVM given the template's JAVA_TOOL_OPTIONS").isZero();
        // why the template's comment says to change them together: one compiler thread needs C1 only
        assertThat(javaVersion("-XX:CICompilerCount=1")).as("one compiler thread without C1 only").isNotZero();
    }

    /** The exit status of {@code java -version} (this JDK) started with the given JAVA_TOOL_OPTIONS. */
    private static int javaVersion(String options) throws IOException, InterruptedException {
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true);
        java.environment().put("JAVA_TOOL_OPTIONS", options);
        Process process = java.start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void everyConditionThatIsUsedIsDefined() {
        List<String> used = new ArrayList<>();
        collectConditions(resources, used);
        assertThat(used).isNotEmpty();
        assertThat(template.get("Conditions").fieldNames()).toIterable().containsAll(used);
    }

    private List<Guarded> roleStatements() {
        JsonNode policies = resources.get("RotationFunctionRole").get("Properties").get("Policies");
        List<Guarded> statements = new ArrayList<>();
        policies.forEach(policy -> statements.addAll(Template.statements(policy.get("PolicyDocument"))));
        return statements;
    }

    private static Guarded only(List<Guarded> statements, String action) {
        List<Guarded> matching = statements.stream().filter(s -> s.actions().contains(action)).toList();
        assertThat(matching).as("statements granting " + action).hasSize(1);
        return matching.get(0);
    }

    private static Guarded statementOn(List<Guarded> statements, JsonNode resource) {
        List<Guarded> matching = statements.stream().filter(s -> resource.equals(s.resource())).toList();
        assertThat(matching).as("statements on " + resource).hasSize(1);
        return matching.get(0);
    }

    private JsonNode condition(String name) {
        return template.get("Conditions").get(name);
    }

    private static void collectConditions(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("Fn::If")) {
                    into.add(field.getValue().get(0).asText());
                }
                collectConditions(field.getValue(), into);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectConditions(child, into));
        }
    }
}
