//! Complete programs that create the task with Huawei Cloud's official SDKs, with the target's
//! endpoint, project id and workspace filled in and the body as a literal; AK/SK come from
//! `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK` at run time, and a temporary AK/SK's security token
//! from `HUAWEICLOUD_SDK_SECURITY_TOKEN` when it is set. All three exit 4 on an HTTP 4xx, 5 on a
//! 5xx and 6 when no answer came, printing the request id. The names used (`DataArtsStudioClient`,
//! `CreateTaskRequest`, `MetadataCollectionTask`, `create_task` / `CreateTask` / `createTask`, the
//! credentials builders) are the SDKs' own, as the README says where they were checked. Pure text.

use super::ExportTarget;
use super::literal::{comment, go_raw, java_str, json_str, python as py};
use crate::task::CollectionTask;
use crate::task::taskfile::body_value;

fn name(task: &CollectionTask) -> String {
    comment(task.text("name").unwrap_or_default())
}

fn compact(task: &CollectionTask) -> String {
    serde_json::to_string(&body_value(task)).unwrap_or_default()
}

pub fn python(task: &CollectionTask, t: &ExportTarget) -> String {
    format!(
        r#"#!/usr/bin/env python3
"""Create the DataArts Catalog collection task {name} with Huawei Cloud's official Python SDK.

    pip install huaweicloudsdkdataartsstudio
    export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=...   # (and HUAWEICLOUD_SDK_SECURITY_TOKEN for a temporary AK/SK)
    python3 create_task.py

Exit status: 0 created (the task id on stdout), 4 the service refused the request (HTTP 4xx),
5 the service failed (HTTP 5xx), 6 no answer (connection or timeout); the request id is printed.
Exported by ctask; it holds no secret.
"""
import os
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkdataartsstudio.v1 import (
    CreateTaskRequest,
    CustomMetadata,
    DataArtsStudioClient,
    MetadataCollectionTask,
    SchedulerInfo,
)

ENDPOINT = {endpoint}
PROJECT_ID = {project}
WORKSPACE = {workspace}

BODY = {body}


def model(cls, fields):
    """The SDK model of `fields`; keys the model does not know are reported and left out."""
    unknown = sorted(set(fields) - set(cls.openapi_types))
    if unknown:
        print(f"note: {{cls.__name__}} has no field(s) {{', '.join(unknown)}}; left out", file=sys.stderr)
    return cls(**{{k: v for k, v in fields.items() if k in cls.openapi_types}})


def task_of(body):
    fields = dict(body)
    schedule = fields.pop("schedule_config", None)
    params = fields.pop("parameter_config", None)
    task = model(MetadataCollectionTask, fields)
    if schedule is not None:
        task.schedule_config = model(SchedulerInfo, schedule)
    if params is not None:
        task.parameter_config = [model(CustomMetadata, p) for p in params]
    return task


def main():
    ak, sk = os.environ.get("HUAWEICLOUD_SDK_AK"), os.environ.get("HUAWEICLOUD_SDK_SK")
    if not ak or not sk:
        sys.exit("set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK")
    credentials = BasicCredentials(ak, sk, PROJECT_ID)
    token = os.environ.get("HUAWEICLOUD_SDK_SECURITY_TOKEN")
    if token:
        credentials = credentials.with_security_token(token)
    client = (
        DataArtsStudioClient.new_builder()
        .with_credentials(credentials)
        .with_endpoints([ENDPOINT])
        .build()
    )
    request = CreateTaskRequest(workspace=WORKSPACE, body=task_of(BODY))
    try:
        response = client.create_task(request)
    except exceptions.ServiceResponseException as e:
        print(f"rejected: HTTP {{e.status_code}} {{e.error_code}}: {{e.error_msg}} (request id {{e.request_id}})", file=sys.stderr)
        sys.exit(5 if e.status_code >= 500 else 4)
    except (exceptions.ConnectionException, exceptions.RequestTimeoutException) as e:
        print(f"no answer (the task may or may not exist): {{e}}", file=sys.stderr)
        sys.exit(6)
    except exceptions.SdkException as e:
        print(f"failed: {{e}}", file=sys.stderr)
        sys.exit(5)
    print(response.task_id)


if __name__ == "__main__":
    main()
"#,
        name = name(task),
        endpoint = json_str(&t.endpoint),
        project = json_str(&t.project_id),
        workspace = json_str(&t.workspace),
        body = py(&body_value(task), 4),
    )
}

/// The Go program. Source: huaweicloud/huaweicloud-sdk-go-v3: `basic.NewCredentialsBuilder()` with
/// `WithAk`/`WithSk`/`WithProjectId`/`WithSecurityToken` and `SafeBuild() (*Credentials, error)`
/// (README §2.2, `core/auth/global/global_icredential_test.go`'s SafeBuild tests), the client
/// builder's `SafeBuild()` instead of the panicking, deprecated `Build()`, and `sdkerr`'s
/// `ServiceResponseError{StatusCode, RequestId, ErrorCode, ErrorMessage}` (its RequestId is the
/// answer's `X-Request-Id`), `ConnectionError` and `RequestTimeoutError` (`core/sdkerr/errors.go`).
pub fn go(task: &CollectionTask, t: &ExportTarget) -> String {
    format!(
        r#"// Create the DataArts Catalog collection task {name} with Huawei Cloud's official Go SDK.
//
//	go mod init createtask && go get github.com/huaweicloud/huaweicloud-sdk-go-v3
//	HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... go run .
//	(and HUAWEICLOUD_SDK_SECURITY_TOKEN=... for a temporary AK/SK)
//
// Exit status: 0 created (the task id on stdout), 2 setup, 4 the service refused the request
// (HTTP 4xx), 5 the service failed (HTTP 5xx), 6 no answer (connection or timeout). A refusal or
// failure prints the request id (X-Request-Id) on stderr.
//
// Exported by ctask; it holds no secret.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	dataartsstudio "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dataartsstudio/v1"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dataartsstudio/v1/model"
)

const (
	endpoint  = {endpoint}
	projectID = {project}
	workspace = {workspace}
)

// The request body, as ctask validated it.
const body = {body}

func main() {{
	ak, sk := os.Getenv("HUAWEICLOUD_SDK_AK"), os.Getenv("HUAWEICLOUD_SDK_SK")
	if ak == "" || sk == "" {{
		fmt.Fprintln(os.Stderr, "set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK")
		os.Exit(2)
	}}
	var task model.MetadataCollectionTask
	if err := json.Unmarshal([]byte(body), &task); err != nil {{
		fmt.Fprintln(os.Stderr, "the body does not fit the SDK's MetadataCollectionTask:", err)
		os.Exit(2)
	}}
	credentials := basic.NewCredentialsBuilder().
		WithAk(ak).
		WithSk(sk).
		WithProjectId(projectID)
	// A temporary AK/SK comes with a security token (sent as X-Security-Token).
	if token := os.Getenv("HUAWEICLOUD_SDK_SECURITY_TOKEN"); token != "" {{
		credentials = credentials.WithSecurityToken(token)
	}}
	auth, err := credentials.SafeBuild()
	if err != nil {{
		fmt.Fprintln(os.Stderr, "credentials:", err)
		os.Exit(2)
	}}
	hcClient, err := dataartsstudio.DataArtsStudioClientBuilder().
		WithEndpoints([]string{{endpoint}}).
		WithCredential(auth).
		SafeBuild()
	if err != nil {{
		fmt.Fprintln(os.Stderr, "client:", err)
		os.Exit(2)
	}}
	client := dataartsstudio.NewDataArtsStudioClient(hcClient)
	response, err := client.CreateTask(&model.CreateTaskRequest{{Workspace: workspace, Body: &task}})
	if err != nil {{
		os.Exit(failed(err))
	}}
	if response.TaskId != nil {{
		fmt.Println(*response.TaskId)
	}}
}}

// failed prints what went wrong and returns the exit status: 4 for an HTTP 4xx, 5 for a 5xx,
// 6 when no answer came.
func failed(err error) int {{
	var answer *sdkerr.ServiceResponseError
	if errors.As(err, &answer) {{
		fmt.Fprintf(os.Stderr, "rejected: HTTP %d %s: %s (request id %s)\n",
			answer.StatusCode, answer.ErrorCode, answer.ErrorMessage, answer.RequestId)
		if answer.StatusCode >= 500 {{
			return 5
		}}
		return 4
	}}
	var connection *sdkerr.ConnectionError
	var timeout *sdkerr.RequestTimeoutError
	if errors.As(err, &connection) || errors.As(err, &timeout) {{
		fmt.Fprintln(os.Stderr, "no answer (the task may or may not exist):", err)
		return 6
	}}
	fmt.Fprintln(os.Stderr, "failed:", err)
	return 5
}}
"#,
        name = name(task),
        endpoint = json_str(&t.endpoint),
        project = json_str(&t.project_id),
        workspace = json_str(&t.workspace),
        body = go_raw(&compact(task)),
    )
}

/// The Java program. Source: huaweicloud/huaweicloud-sdk-java-v3: `BasicCredentials.withAk/withSk/
/// withProjectId/withSecurityToken`, `DataArtsStudioClient.newBuilder()…build()`, and
/// `com.huaweicloud.sdk.core.exception`'s `ServiceResponseException` (`getHttpStatusCode`,
/// `getErrorCode`, `getErrorMsg`, `getRequestId`), `ConnectionException` (unreachable host, TLS
/// handshake) and `RequestTimeoutException` (call timeout, retries exhausted).
pub fn java(task: &CollectionTask, t: &ExportTarget) -> String {
    format!(
        r#"// Create the DataArts Catalog collection task {name} with Huawei Cloud's official Java SDK
// (Maven: com.huaweicloud.sdk:huaweicloud-sdk-dataartsstudio, which brings Jackson).
//
//   HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... java CreateCollectionTask.java   (with the SDK on the classpath)
//   (and HUAWEICLOUD_SDK_SECURITY_TOKEN=... for a temporary AK/SK)
//
// Exit status: 0 created (the task id on stdout), 2 setup, 4 the service refused the request
// (HTTP 4xx), 5 the service failed (HTTP 5xx), 6 no answer (connection or timeout). A refusal or
// failure prints the request id (X-Request-Id) on stderr.
//
// Exported by ctask; it holds no secret.
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ConnectionException;
import com.huaweicloud.sdk.core.exception.RequestTimeoutException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.dataartsstudio.v1.DataArtsStudioClient;
import com.huaweicloud.sdk.dataartsstudio.v1.model.CreateTaskRequest;
import com.huaweicloud.sdk.dataartsstudio.v1.model.CreateTaskResponse;
import com.huaweicloud.sdk.dataartsstudio.v1.model.MetadataCollectionTask;

public class CreateCollectionTask {{
    static final String ENDPOINT = {endpoint};
    static final String PROJECT_ID = {project};
    static final String WORKSPACE = {workspace};

    /** The request body, as ctask validated it. */
    static final String BODY = {body};

    public static void main(String[] args) throws Exception {{
        String ak = System.getenv("HUAWEICLOUD_SDK_AK");
        String sk = System.getenv("HUAWEICLOUD_SDK_SK");
        if (ak == null || ak.isEmpty() || sk == null || sk.isEmpty()) {{
            System.err.println("set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
            System.exit(2);
        }}
        MetadataCollectionTask task = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(BODY, MetadataCollectionTask.class);
        BasicCredentials auth = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT_ID);
        // A temporary AK/SK comes with a security token (sent as X-Security-Token).
        String token = System.getenv("HUAWEICLOUD_SDK_SECURITY_TOKEN");
        if (token != null && !token.isEmpty()) {{
            auth.withSecurityToken(token);
        }}
        DataArtsStudioClient client = DataArtsStudioClient.newBuilder()
                .withCredential(auth)
                .withEndpoint(ENDPOINT)
                .build();
        CreateTaskRequest request = new CreateTaskRequest().withWorkspace(WORKSPACE).withBody(task);
        try {{
            CreateTaskResponse response = client.createTask(request);
            System.out.println(response.getTaskId());
        }} catch (ServiceResponseException e) {{
            System.err.println("rejected: HTTP " + e.getHttpStatusCode() + " " + e.getErrorCode() + ": "
                    + e.getErrorMsg() + " (request id " + e.getRequestId() + ")");
            System.exit(e.getHttpStatusCode() >= 500 ? 5 : 4);
        }} catch (ConnectionException | RequestTimeoutException e) {{
            System.err.println("no answer (the task may or may not exist): " + e.getMessage());
            System.exit(6);
        }}
    }}
}}
"#,
        name = name(task),
        endpoint = java_str(&t.endpoint),
        project = java_str(&t.project_id),
        workspace = java_str(&t.workspace),
        body = java_str(&compact(task)),
    )
}
