//! Complete programs that create the task with Huawei Cloud's official SDKs, with the target's
//! endpoint, project id and workspace filled in and the body as a literal; AK/SK come from
//! `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK` at run time. The names used (`DataArtsStudioClient`,
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
    except exceptions.ClientRequestException as e:
        print(f"rejected: HTTP {{e.status_code}} {{e.error_code}}: {{e.error_msg}} (request id {{e.request_id}})", file=sys.stderr)
        sys.exit(4)
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

pub fn go(task: &CollectionTask, t: &ExportTarget) -> String {
    format!(
        r#"// Create the DataArts Catalog collection task {name} with Huawei Cloud's official Go SDK.
//
//	go mod init createtask && go get github.com/huaweicloud/huaweicloud-sdk-go-v3
//	HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... go run .
//
// Exported by ctask; it holds no secret.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
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
	auth := basic.NewCredentialsBuilder().
		WithAk(ak).
		WithSk(sk).
		WithProjectId(projectID).
		Build()
	client := dataartsstudio.NewDataArtsStudioClient(
		dataartsstudio.DataArtsStudioClientBuilder().
			WithEndpoints([]string{{endpoint}}).
			WithCredential(auth).
			Build())
	response, err := client.CreateTask(&model.CreateTaskRequest{{Workspace: workspace, Body: &task}})
	if err != nil {{
		fmt.Fprintln(os.Stderr, "failed:", err)
		os.Exit(5)
	}}
	if response.TaskId != nil {{
		fmt.Println(*response.TaskId)
	}}
}}
"#,
        name = name(task),
        endpoint = json_str(&t.endpoint),
        project = json_str(&t.project_id),
        workspace = json_str(&t.workspace),
        body = go_raw(&compact(task)),
    )
}

pub fn java(task: &CollectionTask, t: &ExportTarget) -> String {
    format!(
        r#"// Create the DataArts Catalog collection task {name} with Huawei Cloud's official Java SDK
// (Maven: com.huaweicloud.sdk:huaweicloud-sdk-dataartsstudio, which brings Jackson).
//
//   HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... java CreateCollectionTask.java   (with the SDK on the classpath)
//
// Exported by ctask; it holds no secret.
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.ICredential;
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
        if (ak == null || sk == null) {{
            System.err.println("set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
            System.exit(2);
        }}
        MetadataCollectionTask task = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(BODY, MetadataCollectionTask.class);
        ICredential auth = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT_ID);
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
